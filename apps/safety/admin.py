"""Admin pages for dispatchers and the Fire Marshal: fire-code tables, units, incidents.

Incidents and units change only through actions that call the services, so dispatches,
unit status, events and the timeline are the same as through the MCP tools.
"""
from django.contrib import admin, messages

from apps.core.errors import ServiceError
from apps.safety.models import Dispatch, FireCodeRule, Incident, IncidentUpdate, OccupancyRule, ResponseUnit
from apps.safety.services import incident_dispatch, incident_on_scene, incident_resolve, unit_status_set


def staff_actor(request) -> str:
    return f"staff:{request.user.get_username()}"


def _run_each(modeladmin, request, queryset, work, label, done: str) -> None:
    """Apply `work(obj)` to each selected row, reporting successes and refusals."""
    succeeded = 0
    for obj in queryset.order_by("pk"):
        try:
            work(obj)
        except ServiceError as error:
            modeladmin.message_user(request, f"{label(obj)}: {error.message}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, f"{succeeded} {done}.", messages.SUCCESS)


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


def _unit_action(status: str, description: str, done: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        _run_each(modeladmin, request, queryset, lambda unit: unit_status_set(
            call_sign=unit.call_sign, status=status, actor=staff_actor(request)), lambda u: u.call_sign, done)

    action.__name__ = f"mark_{status!s}"
    return action


@admin.register(ResponseUnit)
class ResponseUnitAdmin(admin.ModelAdmin):
    list_display = ("call_sign", "unit_type", "station", "status", "current_incident", "status_changed_at")
    list_filter = ("status", "unit_type", "station")
    search_fields = ("call_sign", "station")
    list_select_related = ("current_incident",)
    readonly_fields = ("status", "current_incident", "status_changed_at")
    actions = (
        _unit_action(ResponseUnit.Status.AVAILABLE, "Put selected units in service", "unit(s) in service"),
        _unit_action(ResponseUnit.Status.OUT_OF_SERVICE, "Take selected units out of service",
                     "unit(s) out of service"),
    )


class DispatchInline(admin.TabularInline):
    model = Dispatch
    fields = ("unit", "unit_type", "distance_miles", "eta_minutes", "dispatched_at", "cleared_at", "dispatched_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class IncidentUpdateInline(admin.TabularInline):
    model = IncidentUpdate
    fields = ("created_at", "status", "note", "actor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description="Dispatch the standard response to selected incidents", permissions=["change"])
def dispatch_standard_response(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, lambda incident: incident_dispatch(
        reference=incident.reference, actor=staff_actor(request)), lambda i: i.reference, "incident(s) dispatched")


@admin.action(description="Mark units on scene for selected incidents", permissions=["change"])
def mark_on_scene(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, lambda incident: incident_on_scene(
        reference=incident.reference, actor=staff_actor(request)), lambda i: i.reference, "incident(s) on scene")


@admin.action(description="Resolve selected incidents and clear their units", permissions=["change"])
def resolve(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, lambda incident: incident_resolve(
        reference=incident.reference, actor=staff_actor(request)), lambda i: i.reference, "incident(s) resolved")


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("reference", "incident_type", "priority", "status", "location", "reported_at", "dispatched_at",
                    "resolved_at")
    list_filter = ("status", "priority", "incident_type", "reported_at")
    search_fields = ("reference", "location", "description")
    date_hierarchy = "reported_at"
    readonly_fields = [f.name for f in Incident._meta.fields]
    inlines = (DispatchInline, IncidentUpdateInline)
    actions = (dispatch_standard_response, mark_on_scene, resolve)

    def has_add_permission(self, request):
        # Incidents come in through report_incident, which numbers them and announces them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
