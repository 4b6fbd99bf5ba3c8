"""Admin pages for sanitation and environmental staff: schedules and programs edited here,
pickups and reports worked here.

Pickups and reports change only through workflow moves (admin_moves.py) that call the
services, so slot counts, the timeline and the transition rules are the same as through the
MCP tools.
"""
from django.contrib import admin
from django.db import models

from apps.core.admin_display import WEEKDAY_CHOICES, WeekdayFieldsMixin, money, weekday
from apps.core.admin_records import ServiceRecordAdminMixin, TimelineInline
from apps.core.admin_workflow import WorkflowAdminMixin
from apps.environmental.admin_moves import PICKUP_MOVES, REPORT_MOVES
from apps.environmental.models import (
    BulkItemRule,
    BulkPickup,
    BulkPickupUpdate,
    CollectionArea,
    CollectionAreaStreet,
    CollectionHoliday,
    CollectionSchedule,
    EnvironmentalReport,
    EnvironmentalReportUpdate,
    PickupSlot,
    SustainabilityProgram,
)
from apps.places.normalize import place_key


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


class BulkPickupUpdateInline(TimelineInline):
    model = BulkPickupUpdate


@admin.register(BulkPickup)
class BulkPickupAdmin(ServiceRecordAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "address", "area", "scheduled_for", "item_count", money("fee"), "status",
                    "created_at")
    list_filter = ("status", "area", "scheduled_for")
    search_fields = ("reference", "address")
    list_select_related = ("area",)
    date_hierarchy = "scheduled_for"
    inlines = (BulkPickupUpdateInline,)  # booked, cancelled by the resident, collected: who and when
    workflow_moves = PICKUP_MOVES  # buttons on the pickup's page and actions in the list
    workflow_label_field = "reference"
    # Pickups are booked through schedule_bulk_pickup, which finds a slot with room.


class EnvironmentalReportUpdateInline(TimelineInline):
    model = EnvironmentalReportUpdate


@admin.register(EnvironmentalReport)
class EnvironmentalReportAdmin(ServiceRecordAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "report_type", "priority", "status", "location", "respond_by", "filed_at")
    list_filter = ("status", "priority", "report_type", "respond_by")
    search_fields = ("reference", "location", "description")
    date_hierarchy = "filed_at"
    inlines = (EnvironmentalReportUpdateInline,)
    workflow_moves = REPORT_MOVES  # buttons on the report's page and actions in the list
    workflow_label_field = "reference"
    # Reports are filed through file_environmental_report, which numbers and prioritizes them.


@admin.register(SustainabilityProgram)
class SustainabilityProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "benefit", money("rebate_amount", "rebate"), "enrollment_deadline", "active")
    list_filter = ("category", "active")
    search_fields = ("name", "description", "benefit")
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # what Django 6 will assume
