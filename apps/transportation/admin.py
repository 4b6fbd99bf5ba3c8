"""Admin pages for transit planners and road crews: timetables and alerts edited here, issues worked here.

Road issues change only through workflow moves (admin_moves.py) that call the services, so
the timeline and the transition rules are the same as through the MCP tools.
"""
from django.contrib import admin

from apps.core.admin_display import money
from apps.core.admin_records import ReadOnlyInline, ServiceRecordAdminMixin, TimelineInline
from apps.core.admin_workflow import WorkflowAdminMixin
from apps.places.normalize import place_key
from apps.transportation.models import (
    Departure,
    RoadIssue,
    RoadIssueInformation,
    RoadIssueReport,
    RoadIssueUpdate,
    Route,
    RouteStop,
    Stop,
    TrafficAlert,
)
from apps.transportation.admin_moves import ROAD_ISSUE_MOVES


class RouteStopInline(admin.TabularInline):
    model = RouteStop
    extra = 0
    ordering = ("sequence",)
    autocomplete_fields = ("stop",)


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "mode", money("fare"), "active")
    list_filter = ("mode", "active")
    search_fields = ("code", "name")
    inlines = (RouteStopInline,)


@admin.register(Stop)
class StopAdmin(admin.ModelAdmin):
    list_display = ("stop_code", "name", "accessible", "latitude", "longitude")
    list_filter = ("accessible",)
    search_fields = ("stop_code", "name")
    readonly_fields = ("key",)

    def save_model(self, request, obj, form, change):
        obj.key = place_key(obj.name)  # the key stop look-ups match on
        super().save_model(request, obj, form, change)


@admin.register(Departure)
class DepartureAdmin(admin.ModelAdmin):
    list_display = ("route", "direction", "day_type", "departs_at")
    list_filter = ("route", "direction", "day_type")
    list_select_related = ("route",)
    ordering = ("route", "direction", "day_type", "departs_at")


@admin.register(TrafficAlert)
class TrafficAlertAdmin(admin.ModelAdmin):
    list_display = ("title", "alert_type", "severity", "area", "starts_at", "ends_at", "delay_minutes")
    list_filter = ("alert_type", "severity", "area", "starts_at")
    search_fields = ("title", "location", "area", "description")
    filter_horizontal = ("routes",)
    date_hierarchy = "starts_at"


class RoadIssueReportInline(ReadOnlyInline):
    model = RoadIssueReport
    fields = ("reported_at", "location", "description", "contact", "reported_by")


class RoadIssueUpdateInline(TimelineInline):
    model = RoadIssueUpdate


class RoadIssueInformationInline(ReadOnlyInline):
    model = RoadIssueInformation
    fields = ("added_at", "text", "added_by")


@admin.register(RoadIssue)
class RoadIssueAdmin(ServiceRecordAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "issue_type", "priority", "status", "location", "report_count", "respond_by",
                    "scheduled_for", "reported_at")
    list_filter = ("status", "priority", "issue_type", "respond_by")
    search_fields = ("reference", "location", "description")
    date_hierarchy = "reported_at"
    inlines = (RoadIssueReportInline, RoadIssueInformationInline, RoadIssueUpdateInline)
    workflow_moves = ROAD_ISSUE_MOVES  # buttons on the issue's page and actions in the list
    workflow_label_field = "reference"
    # Issues are opened by report_road_issue, which merges reports of the same issue.
