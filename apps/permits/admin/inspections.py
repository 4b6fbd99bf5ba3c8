"""Admin for the inspector calendar: inspectors and their days off, closures, bookings."""
from django.contrib import admin

from apps.core.admin_workflow import WorkflowAdminMixin
from apps.permits.admin_moves import INSPECTION_MOVES
from apps.permits.models import Inspection, InspectionClosure, Inspector, InspectorAbsence


class InspectorAbsenceInline(admin.TabularInline):
    model = InspectorAbsence
    extra = 0
    fields = ("date", "reason")


@admin.register(Inspector)
class InspectorAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "email")
    inlines = (InspectorAbsenceInline,)


@admin.register(InspectionClosure)
class InspectionClosureAdmin(admin.ModelAdmin):
    list_display = ("date", "reason")
    date_hierarchy = "date"


@admin.register(Inspection)
class InspectionAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("application", "inspection_type", "scheduled_for", "inspector", "status")
    list_filter = ("status", "inspector", "scheduled_for")
    search_fields = ("application__reference",)
    date_hierarchy = "scheduled_for"
    list_select_related = ("application", "inspection_type", "inspector")
    readonly_fields = ("application", "inspection_type", "inspector", "scheduled_for", "status", "result_note",
                       "requested_by", "created_at", "completed_at")
    workflow_moves = INSPECTION_MOVES  # buttons on the inspection's page and actions in the list
    workflow_refusal_prefix = False  # the services' refusals name the inspection

    def has_add_permission(self, request):
        return False  # bookings come from schedule_inspection, which checks the calendar
