"""Admin pages for the zoning office: districts and parcels are edited here, variances decided here.

Variances change only through actions that call the services, so the timeline and the
transition rules are the same as through the MCP tools.
"""
from django.contrib import admin, messages

from apps.core.admin_display import money
from apps.core.errors import ServiceError
from apps.places.normalize import place_key
from apps.zoning.models import District, Parcel, UseRule, Variance, VarianceUpdate
from apps.zoning.services import variance_decide, variance_review_start, variance_withdraw


def staff_actor(request) -> str:
    return f"staff:{request.user.get_username()}"


def _run_each(modeladmin, request, queryset, work, done: str) -> None:
    """Apply `work(variance)` to each selected variance, reporting successes and refusals."""
    succeeded = 0
    for variance in queryset.order_by("pk"):
        try:
            work(variance)
        except ServiceError as error:
            modeladmin.message_user(request, f"{variance.reference}: {error.message}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, f"{succeeded} variance(s) {done}.", messages.SUCCESS)


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


class VarianceUpdateInline(admin.TabularInline):
    model = VarianceUpdate
    fields = ("created_at", "status", "note", "actor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description="Start review of selected variances", permissions=["change"])
def start_review(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, lambda v: variance_review_start(
        reference=v.reference, actor=staff_actor(request)), "under review")


def _decide_action(decision: str, description: str, done: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        _run_each(modeladmin, request, queryset, lambda v: variance_decide(
            reference=v.reference, decision=decision, actor=staff_actor(request)), done)

    action.__name__ = f"mark_{decision!s}"
    return action


@admin.action(description="Withdraw selected variances", permissions=["change"])
def withdraw(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, lambda v: variance_withdraw(
        reference=v.reference, actor=staff_actor(request)), "withdrawn")


@admin.register(Variance)
class VarianceAdmin(admin.ModelAdmin):
    list_display = ("reference", "variance_type", "property_address", "district", "applicant", "status",
                    money("fee"), "hearing_date", "submitted_at", "decided_at")
    list_filter = ("status", "variance_type", "district", "hearing_date")
    search_fields = ("reference", "property_address", "applicant", "description")
    list_select_related = ("district",)
    date_hierarchy = "submitted_at"
    readonly_fields = [f.name for f in Variance._meta.fields]
    inlines = (VarianceUpdateInline,)
    actions = (
        start_review,
        _decide_action(Variance.Status.APPROVED, "Approve selected variances", "approved"),
        _decide_action(Variance.Status.DENIED, "Deny selected variances", "denied"),
        withdraw,
    )

    def has_add_permission(self, request):
        # Applications come in through submit_variance, which numbers them and sets the hearing.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
