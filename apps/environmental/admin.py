"""Admin pages for sanitation and environmental staff: schedules and programs edited here,
pickups and reports worked here.

Pickups and reports change only through actions that call the services, so slot counts,
the timeline and the transition rules are the same as through the MCP tools.
"""
from django.contrib import admin, messages
from django.db import models

from apps.core.admin_display import WEEKDAY_CHOICES, WeekdayFieldsMixin, money, weekday
from apps.core.errors import ServiceError
from apps.environmental.models import (
    BulkItemRule,
    BulkPickup,
    CollectionArea,
    CollectionAreaStreet,
    CollectionHoliday,
    CollectionSchedule,
    EnvironmentalReport,
    EnvironmentalReportUpdate,
    PickupSlot,
    SustainabilityProgram,
)
from apps.environmental.services import bulk_pickup_status_update, environmental_report_status_update
from apps.places.normalize import place_key


def staff_actor(request) -> str:
    return f"staff:{request.user.get_username()}"


def _run_each(modeladmin, request, queryset, work, done: str) -> None:
    """Apply `work(obj)` to each selected row, reporting successes and refusals."""
    succeeded = 0
    for obj in queryset.order_by("pk"):
        try:
            work(obj)
        except ServiceError as error:
            modeladmin.message_user(request, f"{obj.reference}: {error.message}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, f"{succeeded} {done}.", messages.SUCCESS)


class CollectionAreaStreetInline(admin.TabularInline):
    model = CollectionAreaStreet
    fields = ("street_name",)
    extra = 0


class CollectionScheduleInline(WeekdayFieldsMixin, admin.TabularInline):
    model = CollectionSchedule
    extra = 0
    weekday_fields = ("weekday",)
    weekday_choices = WEEKDAY_CHOICES[:5]  # collections run Monday to Friday


@admin.register(CollectionArea)
class CollectionAreaAdmin(WeekdayFieldsMixin, admin.ModelAdmin):
    list_display = ("code", "name", weekday("bulk_weekday", "bulk pickup day"), "bulk_capacity")
    search_fields = ("code", "name", "streets__street_name")
    weekday_fields = ("bulk_weekday",)
    weekday_choices = WEEKDAY_CHOICES[:5]
    inlines = (CollectionAreaStreetInline, CollectionScheduleInline)

    def save_formset(self, request, form, formset, change):
        for inline in formset.forms:
            if isinstance(inline.instance, CollectionAreaStreet) and inline.instance.street_name:
                inline.instance.street_key = place_key(inline.instance.street_name)  # what addresses match on
        super().save_formset(request, form, formset, change)


@admin.register(CollectionHoliday)
class CollectionHolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"


@admin.register(BulkItemRule)
class BulkItemRuleAdmin(admin.ModelAdmin):
    list_display = ("keyword", "accepted", "instructions")
    list_filter = ("accepted",)
    search_fields = ("keyword", "instructions")


@admin.register(PickupSlot)
class PickupSlotAdmin(admin.ModelAdmin):
    list_display = ("date", "area", "booked", "capacity")
    list_filter = ("area", "date")
    list_select_related = ("area",)
    readonly_fields = ("booked",)
    date_hierarchy = "date"


def _pickup_action(status: str, description: str, done: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        _run_each(modeladmin, request, queryset, lambda pickup: bulk_pickup_status_update(
            reference=pickup.reference, status=status, actor=staff_actor(request)), done)

    action.__name__ = f"mark_{status!s}"
    return action


@admin.register(BulkPickup)
class BulkPickupAdmin(admin.ModelAdmin):
    list_display = ("reference", "address", "area", "scheduled_for", "item_count", money("fee"), "status",
                    "created_at")
    list_filter = ("status", "area", "scheduled_for")
    search_fields = ("reference", "address")
    list_select_related = ("area",)
    date_hierarchy = "scheduled_for"
    readonly_fields = [f.name for f in BulkPickup._meta.fields]
    actions = (
        _pickup_action(BulkPickup.Status.COMPLETED, "Mark selected pickups completed", "pickup(s) completed"),
        _pickup_action(BulkPickup.Status.MISSED, "Mark selected pickups missed", "pickup(s) missed"),
        _pickup_action(BulkPickup.Status.CANCELLED, "Cancel selected pickups", "pickup(s) cancelled"),
    )

    def has_add_permission(self, request):
        # Pickups are booked through schedule_bulk_pickup, which finds a slot with room.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EnvironmentalReportUpdateInline(admin.TabularInline):
    model = EnvironmentalReportUpdate
    fields = ("created_at", "status", "note", "actor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _report_action(status: str, description: str, done: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        _run_each(modeladmin, request, queryset, lambda report: environmental_report_status_update(
            reference=report.reference, status=status, actor=staff_actor(request)), done)

    action.__name__ = f"mark_{status!s}"
    return action


@admin.register(EnvironmentalReport)
class EnvironmentalReportAdmin(admin.ModelAdmin):
    list_display = ("reference", "report_type", "priority", "status", "location", "respond_by", "filed_at")
    list_filter = ("status", "priority", "report_type", "respond_by")
    search_fields = ("reference", "location", "description")
    date_hierarchy = "filed_at"
    readonly_fields = [f.name for f in EnvironmentalReport._meta.fields]
    inlines = (EnvironmentalReportUpdateInline,)
    actions = (
        _report_action(EnvironmentalReport.Status.INVESTIGATING, "Start investigating selected reports",
                       "report(s) under investigation"),
        _report_action(EnvironmentalReport.Status.RESOLVED, "Mark selected reports resolved", "report(s) resolved"),
        _report_action(EnvironmentalReport.Status.CLOSED, "Close selected reports", "report(s) closed"),
    )

    def has_add_permission(self, request):
        # Reports are filed through file_environmental_report, which numbers and prioritizes them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SustainabilityProgram)
class SustainabilityProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "benefit", money("rebate_amount", "rebate"), "enrollment_deadline", "active")
    list_filter = ("category", "active")
    search_fields = ("name", "description", "benefit")
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # what Django 6 will assume
