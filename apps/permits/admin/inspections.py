"""Admin for the inspector calendar: inspectors and their days off, closures, bookings."""
from django.contrib import admin, messages

from apps.core.errors import ServiceError
from apps.permits.admin.applications import staff_actor
from apps.permits.models import Inspection, InspectionClosure, Inspector, InspectorAbsence
from apps.permits.services import inspection_cancel, inspection_record_result


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
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("application", "inspection_type", "scheduled_for", "inspector", "status")
    list_filter = ("status", "inspector", "scheduled_for")
    search_fields = ("application__reference",)
    date_hierarchy = "scheduled_for"
    list_select_related = ("application", "inspection_type", "inspector")
    readonly_fields = ("application", "inspection_type", "inspector", "scheduled_for", "status", "result_note",
                       "requested_by", "created_at", "completed_at")
    actions = ("mark_passed", "mark_failed", "cancel")

    def has_add_permission(self, request):
        return False  # bookings come from schedule_inspection, which checks the calendar

    def _apply(self, request, queryset, service, done: str, **kwargs):
        for inspection_id in queryset.order_by("pk").values_list("pk", flat=True):
            try:
                service(inspection_id=inspection_id, actor=staff_actor(request), **kwargs)
                self.message_user(request, f"Inspection #{inspection_id} {done}.", messages.SUCCESS)
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)

    @admin.action(description="Mark passed")
    def mark_passed(self, request, queryset):
        self._apply(request, queryset, inspection_record_result, "passed", passed=True)

    @admin.action(description="Mark failed")
    def mark_failed(self, request, queryset):
        self._apply(request, queryset, inspection_record_result, "failed", passed=False)

    @admin.action(description="Cancel")
    def cancel(self, request, queryset):
        self._apply(request, queryset, inspection_cancel, "cancelled")
