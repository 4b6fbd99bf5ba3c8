"""Admin pages for the zoning office: districts and parcels are edited here, variances decided here.

Variances change only through workflow moves (admin_moves.py) that call the services, so
the timeline and the transition rules are the same as through the MCP tools.
"""
from django.contrib import admin

from apps.core.admin_display import money
from apps.core.admin_records import ServiceRecordAdminMixin, TimelineInline
from apps.core.admin_workflow import WorkflowAdminMixin
from apps.places.normalize import place_key
from apps.zoning.admin_moves import VARIANCE_MOVES
from apps.zoning.deadlines import hearing_text, variance_hearing_state
from apps.zoning.models import District, Parcel, UseRule, Variance, VarianceUpdate


class UseRuleInline(admin.TabularInline):
    model = UseRule
    extra = 0
    fields = ("use", "status", "capacity_by_right", "capacity_limit", "parking_spaces", "parking_per",
              "parking_basis", "conditions")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "code_section", "max_height_ft", "max_lot_coverage_pct",
                    "front_setback_ft", "side_setback_ft", "rear_setback_ft")
    list_filter = ("category",)
    search_fields = ("code", "name", "description")
    inlines = (UseRuleInline,)


@admin.register(UseRule)
class UseRuleAdmin(admin.ModelAdmin):
    list_display = ("district", "use", "status", "capacity_by_right", "capacity_limit", "parking_spaces",
                    "parking_per", "parking_basis")
    list_filter = ("status", "district", "use", "parking_basis")
    search_fields = ("use", "district__code", "conditions")
    list_select_related = ("district",)


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
    list_display = ("parcel_number", "address", "district", "lot_area_sqft", "current_use")
    list_filter = ("district", "current_use")
    search_fields = ("parcel_number", "address")
    list_select_related = ("district",)
    readonly_fields = ("address_key",)

    def save_model(self, request, obj, form, change):
        obj.address_key = place_key(obj.address)  # the key check_compliance finds the parcel by
        super().save_model(request, obj, form, change)


class VarianceUpdateInline(TimelineInline):
    model = VarianceUpdate


@admin.register(Variance)
class VarianceAdmin(ServiceRecordAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "variance_type", "property_address", "district", "applicant", "status",
                    money("fee"), "hearing", "submitted_at", "decided_at", "parking_spaces_required")
    list_filter = ("status", "variance_type", "district", "hearing_date")
    search_fields = ("reference", "property_address", "applicant", "description")
    list_select_related = ("district",)
    date_hierarchy = "submitted_at"
    inlines = (VarianceUpdateInline,)
    workflow_moves = VARIANCE_MOVES  # buttons on the variance's page and actions in the list
    workflow_label_field = "reference"

    @admin.display(description="Hearing", ordering="hearing_date")
    def hearing(self, obj) -> str:
        """The hearing as residents read it: upcoming, held, or a decision overdue (apps.zoning.deadlines)."""
        return hearing_text({"hearing_date": obj.hearing_date, **variance_hearing_state(obj).facts()})
    # Applications come in through submit_variance, which numbers them and sets the hearing.
