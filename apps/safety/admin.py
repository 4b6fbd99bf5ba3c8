"""Admin pages for dispatchers and the Fire Marshal: fire-code tables, units, incidents.

Incidents and units change only through workflow moves (admin_moves.py) that call the
services, so dispatches, unit status, events and the timeline are the same as through the
MCP tools.
"""
from django.contrib import admin
from django.utils import timezone

from apps.core.admin_records import ReadOnlyInline, ServiceRecordAdminMixin, TimelineInline
from apps.core.admin_workflow import WorkflowAdminMixin
from apps.core.wording import moment_text
from apps.safety.admin_moves import INCIDENT_MOVES, UNIT_MOVES
from apps.safety.models import Dispatch, FireCodeRule, Incident, IncidentUpdate, OccupancyRule, ResponseUnit
from apps.safety.targets import incident_target


@admin.register(OccupancyRule)
class OccupancyRuleAdmin(admin.ModelAdmin):
    list_display = ("business_type", "min_capacity", "max_capacity", "occupancy_group", "code_section")
    list_filter = ("occupancy_group", "business_type")
    search_fields = ("business_type", "code_section")


@admin.register(FireCodeRule)
class FireCodeRuleAdmin(admin.ModelAdmin):
    list_display = ("code_section", "category", "occupancy_group", "business_type", "min_capacity", "max_capacity",
                    "required", "quantity", "per_square_feet", "interval_months")
    list_filter = ("category", "occupancy_group", "required")
    search_fields = ("code_section", "requirement", "business_type")


@admin.register(ResponseUnit)
class ResponseUnitAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("call_sign", "unit_type", "station", "status", "current_incident", "status_changed_at")
    list_filter = ("status", "unit_type", "station")
    search_fields = ("call_sign", "station")
    list_select_related = ("current_incident",)
    readonly_fields = ("status", "current_incident", "status_changed_at")
    workflow_moves = UNIT_MOVES  # buttons on the unit's page and actions in the list
    workflow_label_field = "call_sign"


class DispatchInline(ReadOnlyInline):
    model = Dispatch
    fields = ("unit", "unit_type", "distance_miles", "eta_minutes", "dispatched_at", "cleared_at", "dispatched_by")


class IncidentUpdateInline(TimelineInline):
    model = IncidentUpdate


@admin.register(Incident)
class IncidentAdmin(ServiceRecordAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "incident_type", "priority", "status", "location", "reported_at", "dispatched_at",
                    "resolved_at")
    list_filter = ("status", "priority", "incident_type", "reported_at")
    search_fields = ("reference", "location", "description")
    date_hierarchy = "reported_at"
    inlines = (DispatchInline, IncidentUpdateInline)
    workflow_moves = INCIDENT_MOVES  # buttons on the incident's page and actions in the list
    workflow_label_field = "reference"
    # Incidents come in through report_incident, which numbers them and announces them.

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "response_target"]

    @admin.display(description="response target")
    def response_target(self, obj):
        """The current step's target and whether it was missed: what incident_status tells the resident."""
        target = incident_target(obj) if obj and obj.pk else None
        if target is None:
            return "—"
        state = "⏰ missed" if target.missed(timezone.now()) else "on time"
        return f"{target.allowance}: due {moment_text(target.due)} — {state}"
