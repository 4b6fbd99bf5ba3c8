import json

from django.contrib import admin
from django.utils.html import format_html

from apps.events.catalogue import EVENT_TYPES
from apps.events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """A read-only log: events are facts, staff filter them but never edit them."""

    list_display = ("id", "type", "domain", "identifiers", "created_at")
    list_filter = ("type", "domain", "created_at")
    search_fields = ("=id", "type", "data")
    date_hierarchy = "created_at"
    ordering = ("-id",)
    fields = ("id", "type", "domain", "created_at", "data_pretty")
    readonly_fields = fields
    list_per_page = 100
    show_full_result_count = False  # the outbox grows; skip the extra COUNT(*)

    @admin.display(description="identifiers")
    def identifiers(self, event: Event) -> str:
        """The catalogue's required fields, e.g. "citation_number=PV-2026-000123"."""
        event_type = EVENT_TYPES.get(event.type)
        names = event_type.required if event_type else ()
        return ", ".join(f"{name}={event.data.get(name)}" for name in names if name in event.data)

    @admin.display(description="data")
    def data_pretty(self, event: Event):
        return format_html("<pre>{}</pre>", json.dumps(event.data, indent=2, ensure_ascii=False))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
