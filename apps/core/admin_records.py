"""Admin shapes for records that only services write: read-only inlines and record pages.

Complaints, incidents, road issues, outages, reports and variances are filed through the
tools (which number, place and announce them) and change only through workflow moves, so
their admin pages show every field read-only, offer no "Add" and no "Delete", and list
their timeline and reports as read-only rows. Each domain used to spell that out per
model; here it is said once.
"""
from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under a record, never added, edited or deleted here (`fields` are all read-only)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class TimelineInline(ReadOnlyInline):
    """A record's timeline (a `core.models.TimelineEntry` subclass), oldest first."""

    fields = ("created_at", "status", "note", "actor")


class ServiceRecordAdminMixin:
    """A record filed by a tool's service: every field read-only, no add, no delete.

    Adding one here would skip what filing does (numbering, placing, the event), and
    deleting one would erase what a resident may still track; moves happen through
    `workflow_moves`. `records_deletable` keeps Django's delete permission for a model
    whose admin allowed deleting before this shape existed.
    """

    records_deletable = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.records_deletable and super().has_delete_permission(request, obj)
