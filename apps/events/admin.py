from django.contrib import admin

from apps.events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """A read-only log: events are facts, staff filter them but never edit them."""

    list_display = ("id", "type", "domain", "created_at")
    list_filter = ("type", "domain")
    search_fields = ("type", "data")
    ordering = ("-id",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
