"""Admin pages for the noise unit: ordinances are edited here, complaints are worked here.

Complaints change only through workflow moves (admin_moves.py) that call the services, so
the timeline, the events and the transition rules are the same as through the MCP tools.
"""
from django.contrib import admin

from apps.core.admin_display import SearchVariantsMixin, money
from apps.core.admin_records import ServiceRecordAdminMixin, TimelineInline
from apps.core.admin_workflow import WorkflowAdminMixin
from apps.core.wording import moment_text
from apps.noise.admin_moves import COMPLAINT_MOVES
from apps.noise.models import Complaint, ComplaintUpdate, EnforcementAction, NoiseLocation, Ordinance
from apps.noise.selectors import complaint_assign_due, complaint_is_overdue
from apps.places.normalize import place_key


@admin.register(Ordinance)
class OrdinanceAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "zone", "noise_type", "quiet_hours_start", "quiet_hours_end",
                    "day_limit_db", "night_limit_db", money("citation_fine", "citation fine"))
    list_filter = ("zone", "noise_type", "prohibited_in_quiet_hours")
    search_fields = ("code", "title", "summary")


class ComplaintUpdateInline(TimelineInline):
    model = ComplaintUpdate


class EnforcementActionInline(admin.TabularInline):
    model = EnforcementAction
    fields = ("issued_at", "kind", money("fine"), "note", "issued_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(SearchVariantsMixin, ServiceRecordAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    # The columns a desk works by, narrow enough for 1280 px; zone, quiet hours and repeats are filters.
    list_display = ("case_number", "noise_type", "location", "status", "filed_at", "assigned_to")
    list_filter = ("status", "noise_type", "zone", "in_quiet_hours", "filed_at")
    search_fields = ("case_number", "location__name", "location__key", "reported_location", "reporter_name",
                     "description")
    search_help_text = "A case number, a location (“123 Oak Street” finds “123 Oak St”) or words of the complaint."
    list_select_related = ("location",)
    date_hierarchy = "filed_at"
    inlines = (ComplaintUpdateInline, EnforcementActionInline)
    workflow_moves = COMPLAINT_MOVES  # buttons on the complaint's page and actions in the list
    workflow_label_field = "case_number"
    # Complaints are filed through file_complaint, which resolves the place and the ordinance.

    def search_term_variants(self, term):
        return [place_key(term)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "assignment_target"]

    @admin.display(description="assignment target")
    def assignment_target(self, obj):
        """The unit's 24-hour assignment target for a filed complaint: what track_complaint tells the filer."""
        if obj is None or obj.pk is None or obj.status != Complaint.Status.FILED:
            return "—"
        state = "⏰ missed" if complaint_is_overdue(obj) else "on time"
        return f"an officer by {moment_text(complaint_assign_due(obj))} — {state}"


@admin.register(EnforcementAction)
class EnforcementActionAdmin(admin.ModelAdmin):
    list_display = ("complaint", "kind", money("fine"), "issued_at", "issued_by")
    list_filter = ("kind", "issued_at")
    search_fields = ("complaint__case_number", "note")
    list_select_related = ("complaint",)
    readonly_fields = ("complaint", "kind", money("fine"), "note", "issued_by", "issued_at")

    def has_add_permission(self, request):
        return False


@admin.register(NoiseLocation)
class NoiseLocationAdmin(admin.ModelAdmin):
    list_display = ("name", "zone", "complaint_count", "last_complaint_at")
    list_filter = ("zone",)
    search_fields = ("name", "key")
    readonly_fields = ("key", "name", "place", "zone", "latitude", "longitude", "complaint_count",
                       "last_complaint_at")
    ordering = ("-complaint_count", "name")

    def has_add_permission(self, request):
        return False
