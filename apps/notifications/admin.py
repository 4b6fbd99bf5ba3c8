from django.contrib import admin

from apps.core.admin_records import ServiceRecordAdminMixin
from apps.notifications.models import NotificationOptOut, ResidentNotification


@admin.register(ResidentNotification)
class ResidentNotificationAdmin(ServiceRecordAdminMixin, admin.ModelAdmin):
    """What was emailed to whom: a log the worker writes, read-only for staff."""

    list_display = ("id", "recipient", "subject", "status", "attempts", "sent_at", "reference", "domain")
    list_filter = ("status", "domain", "event_type")
    search_fields = ("recipient", "reference")
    search_help_text = "A recipient's email or a tracking reference."
    fields = ("recipient", "subject", "body", "status", "attempts", "sent_at", "last_error", "reference",
              "domain", "event_type", "event_id", "next_attempt_at", "claimed_at", "created_at")
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False  # the view permission still shows every field


@admin.register(NotificationOptOut)
class NotificationOptOutAdmin(admin.ModelAdmin):
    """Who asked for no emails; staff may add one a resident asked for by phone, or remove one."""

    list_display = ("email", "domain", "reference", "created_at")
    list_filter = ("domain",)
    search_fields = ("email", "reference")
    fields = ("email", "domain", "reference")

    def save_model(self, request, obj, form, change):
        obj.email = obj.email.strip().lower()  # the planner matches addresses in lower case
        super().save_model(request, obj, form, change)
