"""MCP tools of the transportation domain, declared against apps.mcp.registry."""
from rest_framework import serializers

from apps.accounts.access_codes import access_code_issue, access_code_matches
from apps.core.errors import ServiceError
from apps.accounts.viewers import access_code_field, access_code_note
from apps.accounts.history import tool_status_change
from apps.mcp.outputs import timeline_output, tracked_record_result
from apps.mcp.registry import Access, ToolResult, tool
from apps.transportation import answers
from apps.transportation.catalogue import AlertType, DayType, Direction, IssuePriority, Severity, TransitMode
from apps.transportation.fields import IssueTypeField
from apps.transportation.models import RoadIssue
from apps.transportation.selectors import alert_search, next_departures, road_issue_get, transit_info
from apps.transportation.errors import OWNER_PROOF_REQUIRED_MESSAGE, TransportationErrorCode
from apps.transportation.services import road_issue_information_add, road_issue_report, road_issue_status_update

STOP_HELP = "A stop name or code (\"Downtown City Hall\", \"S101\"), or any place: its nearest stop is used."
ROUTE_HELP = "A route code or name, e.g. \"10\", \"Route 22\", \"Red Line\"."
REFERENCE_HELP = "Road issue reference, e.g. RD-2026-000123."


# --- shared output pieces ----------------------------------------------------------------
class RouteOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    mode = serializers.ChoiceField(choices=TransitMode.choices)
    fare = serializers.DecimalField(max_digits=6, decimal_places=2)
    currency = serializers.CharField()

    class Meta:
        public_fields = ("code", "name", "mode", "fare", "currency")


class StopOutput(serializers.Serializer):
    stop_code = serializers.CharField()
    name = serializers.CharField()
    accessible = serializers.BooleanField()
    near_place = serializers.CharField(allow_null=True)
    distance_miles = serializers.FloatField(allow_null=True)

    class Meta:
        public_fields = ("stop_code", "name", "accessible", "near_place", "distance_miles")


class DepartureOutput(serializers.Serializer):
    route = serializers.CharField()
    route_name = serializers.CharField()
    mode = serializers.ChoiceField(choices=TransitMode.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    headsign = serializers.CharField()
    scheduled = serializers.DateTimeField()
    expected = serializers.DateTimeField()
    delay_minutes = serializers.IntegerField()
    minutes_away = serializers.IntegerField()

    class Meta:
        public_fields = ("route", "route_name", "mode", "direction", "headsign", "scheduled", "expected",
            "delay_minutes", "minutes_away")


class AlertOutput(serializers.Serializer):
    id = serializers.IntegerField()
    alert_type = serializers.ChoiceField(choices=AlertType.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    title = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    location = serializers.CharField()
    area = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    active = serializers.BooleanField()
    routes = serializers.ListField(child=serializers.CharField())
    delay_minutes = serializers.IntegerField()
    detour = serializers.CharField(allow_null=True)
    distance_miles = serializers.FloatField(allow_null=True)

    class Meta:
        public_fields = ("id", "alert_type", "severity", "title", "description", "location", "area",
            "starts_at", "ends_at", "active", "routes", "delay_minutes", "detour", "distance_miles")


# --- transit_info ------------------------------------------------------------------------
class TransitInfoInput(serializers.Serializer):
    stop = serializers.CharField(max_length=200, default=None, allow_null=True, help_text=STOP_HELP)
    route = serializers.CharField(max_length=60, default=None, allow_null=True, help_text=ROUTE_HELP)


class RouteStopOutput(serializers.Serializer):
    sequence = serializers.IntegerField()
    stop_code = serializers.CharField()
    name = serializers.CharField()
    minutes_from_start = serializers.IntegerField()

    class Meta:
        public_fields = ("sequence", "stop_code", "name", "minutes_from_start")


class ServiceOutput(serializers.Serializer):
    direction = serializers.ChoiceField(choices=Direction.choices)
    day_type = serializers.ChoiceField(choices=DayType.choices)
    trips = serializers.IntegerField()
    first = serializers.CharField()
    last = serializers.CharField()
    headway_minutes = serializers.IntegerField(allow_null=True)

    class Meta:
        public_fields = ("direction", "day_type", "trips", "first", "last", "headway_minutes")


class TransitInfoOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["route", "stop", "network"])
    checked_at = serializers.DateTimeField()
    route = RouteOutput(allow_null=True)
    stop = StopOutput(allow_null=True)
    stops = RouteStopOutput(many=True)
    service = ServiceOutput(many=True)
    routes = RouteOutput(many=True)
    departures = DepartureOutput(many=True)
    alerts = AlertOutput(many=True)

    class Meta:
        public_fields = ("kind", "checked_at", "route", "stop", "stops", "service", "routes", "departures",
            "alerts")


@tool(name="transit_info", title="Transit information", input=TransitInfoInput, output=TransitInfoOutput,
      access=Access.PUBLIC, read_only=True)
def transit_info_tool(args: dict, ctx) -> ToolResult:
    """Describe a route (stops, frequency, fare), a stop (routes and next departures), or every route.

    Service alerts that affect the routes shown are included, with their delays.
    """
    facts = answers.transit_facts(transit_info(stop=args["stop"], route=args["route"]))
    return ToolResult(text=answers.transit_text(facts), structured=facts)


# --- next_departures ---------------------------------------------------------------------
class NextDeparturesInput(serializers.Serializer):
    stop = serializers.CharField(max_length=200, help_text=STOP_HELP)
    route = serializers.CharField(max_length=60, default=None, allow_null=True,
                                  help_text=ROUTE_HELP + " Only this route's departures.")
    limit = serializers.IntegerField(min_value=1, max_value=20, default=5, help_text="How many departures (1–20).")


class NextDeparturesOutput(serializers.Serializer):
    stop = StopOutput()
    route = serializers.CharField(allow_null=True)
    checked_at = serializers.DateTimeField()
    count = serializers.IntegerField()
    departures = DepartureOutput(many=True)

    class Meta:
        public_fields = ("stop", "route", "checked_at", "count", "departures")


@tool(name="next_departures", title="Next transit departures", input=NextDeparturesInput,
      output=NextDeparturesOutput, access=Access.PUBLIC, read_only=True)
def next_departures_tool(args: dict, ctx) -> ToolResult:
    """List the next departures from a stop, computed from the timetable, with delays from active alerts."""
    facts = answers.departures_facts(*next_departures(**args))
    return ToolResult(text=answers.departures_text(facts), structured=facts)


# --- traffic_alerts ----------------------------------------------------------------------
class TrafficAlertsInput(serializers.Serializer):
    location = serializers.CharField(max_length=200, default=None, allow_null=True,
                                     help_text="A place; alerts within about a mile, nearest first.")
    area = serializers.CharField(max_length=80, default=None, allow_null=True,
                                 help_text="A neighbourhood, e.g. Downtown or Harbor District.")
    include_upcoming = serializers.BooleanField(default=False,
                                                help_text="Also list alerts starting within the next 7 days.")


class TrafficAlertsOutput(serializers.Serializer):
    location = serializers.CharField(allow_null=True)
    area = serializers.CharField(allow_null=True)
    checked_at = serializers.DateTimeField()
    count = serializers.IntegerField()
    active = serializers.IntegerField()
    alerts = AlertOutput(many=True)

    class Meta:
        public_fields = ("location", "area", "checked_at", "count", "active", "alerts")


@tool(name="traffic_alerts", title="Traffic alerts", input=TrafficAlertsInput, output=TrafficAlertsOutput,
      access=Access.PUBLIC, read_only=True)
def traffic_alerts(args: dict, ctx) -> ToolResult:
    """List traffic alerts in force (construction, closures, signal outages), near a place or in an area."""
    place, area, found = alert_search(**args)
    facts = answers.alerts_facts(found, location=place.name if place else None, area=area)
    return ToolResult(text=answers.alerts_text(facts), structured=facts)


# --- report_road_issue -------------------------------------------------------------------
class ReportRoadIssueInput(serializers.Serializer):
    issue_type = IssueTypeField(help_text="pothole, traffic_signal, streetlight, sign_damage, debris, flooding, "
                                "sidewalk, road_damage or other.")
    location = serializers.CharField(max_length=200, help_text="Where: a street address, a street or a landmark.")
    description = serializers.CharField(max_length=2000, default="", allow_blank=True,
                                        help_text="What it looks like (size, lane, hazard).")
    contact = serializers.CharField(max_length=120, default="", allow_blank=True,
                                    help_text="Phone or email for updates (optional, kept private).")


class IssueOutput(serializers.Serializer):
    reference = serializers.CharField()
    issue_type = serializers.CharField()
    issue_type_label = serializers.CharField()
    status = serializers.ChoiceField(choices=RoadIssue.Status.choices)
    priority = serializers.ChoiceField(choices=IssuePriority.choices)
    location = serializers.CharField()
    report_count = serializers.IntegerField()
    reported_at = serializers.DateTimeField()
    respond_by = serializers.DateField()
    scheduled_for = serializers.DateField(allow_null=True, help_text="The repair date while one is pending.")
    resolved_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField(help_text="Open after the date crews respond by.")
    days_overdue = serializers.IntegerField()


class ReportRoadIssueOutput(IssueOutput):
    reported_location = serializers.CharField()
    merged = serializers.BooleanField()
    duplicate = serializers.BooleanField()
    distance_miles = serializers.FloatField()
    next_step = serializers.CharField()

    access_code = serializers.CharField(required=False, help_text="Shown once: the reporter's proof.")

    class Meta:
        public_fields = ("reference", "issue_type", "issue_type_label", "status", "priority", "location",
            "report_count", "reported_at", "respond_by", "scheduled_for", "resolved_at", "overdue", "days_overdue",
            "reported_location",
            "merged", "duplicate", "distance_miles", "next_step")
        owner_fields = ("access_code",)


@tool(name="report_road_issue", title="Report a road issue", input=ReportRoadIssueInput,
      output=ReportRoadIssueOutput, access=Access.RESIDENT, idempotent=True)
def report_road_issue(args: dict, ctx) -> ToolResult:
    """Report a pothole, dark traffic signal, streetlight out or other road problem.

    A report near an open issue of the same kind joins it instead of opening a duplicate; a
    repeated report from the same place is counted once.
    """
    result = road_issue_report(actor=ctx.actor, **args)
    facts = answers.report_facts(result)
    facts["access_code"] = code = access_code_issue(result.issue)  # each reporter gets their own
    return ToolResult(owner=True, text=answers.report_text(facts) + access_code_note(code, "track_road_issue"),
                      structured=facts)


# --- track_road_issue --------------------------------------------------------------------
class TrackRoadIssueInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    access_code = access_code_field()


class IssueReportOutput(serializers.Serializer):
    location = serializers.CharField()
    reported_at = serializers.DateTimeField()

    class Meta:
        public_fields = ("location", "reported_at")


TimelineOutput = timeline_output(RoadIssue.Status.choices)


class AddedInformationOutput(serializers.Serializer):
    text = serializers.CharField()
    added_at = serializers.DateTimeField()

    class Meta:
        public_fields = ("text", "added_at")


class TrackRoadIssueOutput(IssueOutput):
    description = serializers.CharField(allow_null=True)
    added_information = AddedInformationOutput(many=True, help_text="What the reporter added (reporter and staff).")
    resolution_note = serializers.CharField(allow_null=True)
    reports = IssueReportOutput(many=True)
    timeline = TimelineOutput(many=True)
    next_step = serializers.CharField()

    class Meta:
        public_fields = ("reference", "issue_type", "issue_type_label", "status", "priority", "location",
            "report_count", "reported_at", "respond_by", "scheduled_for", "resolved_at", "overdue", "days_overdue",
            "resolution_note",
            "timeline", "next_step")
        owner_fields = ("description", "added_information")  # reports: where each resident stood; staff only


@tool(name="track_road_issue", title="Track a road issue", input=TrackRoadIssueInput, output=TrackRoadIssueOutput,
      access=Access.PUBLIC, read_only=True)
def track_road_issue(args: dict, ctx) -> ToolResult:
    """Show a road issue's status, repair date, report count and dated timeline."""
    return tracked_record_result(road_issue_get(reference=args["reference"]), access_code=args["access_code"],
                                 facts=answers.track_facts, render=answers.track_text)


# --- update_road_issue (staff) ------------------------------------------------------------
class UpdateRoadIssueInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    status = serializers.ChoiceField(choices=RoadIssue.Status.choices,
                                     help_text="reported → scheduled → in_progress → resolved.")
    note = serializers.CharField(max_length=2000, default="", allow_blank=True, help_text="Note for the timeline.")
    scheduled_for = serializers.DateField(default=None, allow_null=True,
                                          help_text="Repair date (ISO 8601), when scheduling.")


class UpdateRoadIssueOutput(IssueOutput):
    old_status = serializers.ChoiceField(choices=RoadIssue.Status.choices)
    changed = serializers.BooleanField()
    resolution_note = serializers.CharField(allow_null=True)

    class Meta:
        public_fields = ("reference", "issue_type", "issue_type_label", "status", "priority", "location",
            "report_count", "reported_at", "respond_by", "scheduled_for", "resolved_at", "overdue", "days_overdue",
            "old_status",
            "changed", "resolution_note")


@tool(name="update_road_issue", title="Update a road issue", input=UpdateRoadIssueInput,
      output=UpdateRoadIssueOutput, access=Access.STAFF, idempotent=True)
def update_road_issue(args: dict, ctx) -> ToolResult:
    """Schedule, start or resolve the repair of a road issue (staff only)."""
    change = tool_status_change(ctx=ctx, tool="update_road_issue", service=road_issue_status_update, record="issue",
                                args=args)
    facts = answers.change_facts(change)
    return ToolResult(text=answers.change_text(facts), structured=facts)


# --- add_road_issue_info ------------------------------------------------------------------
class AddRoadIssueInfoInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    access_code = serializers.CharField(max_length=32, help_text="The access code report_road_issue returned: "
                                        "only the reporter may add to their issue.")
    text = serializers.CharField(max_length=2000, help_text="What to add: size, lane, hazard, how it "
                                 "changed (seen by road crews; never public).")


class AddRoadIssueInfoOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=RoadIssue.Status.choices)
    information = serializers.CharField()
    added_at = serializers.DateTimeField()
    next_step = serializers.CharField()

    class Meta:
        public_fields = ("reference", "status", "added_at", "next_step")
        owner_fields = ("information",)


@tool(name="add_road_issue_info", title="Add information to a road issue", input=AddRoadIssueInfoInput,
      output=AddRoadIssueInfoOutput, access=Access.RESIDENT)
def add_road_issue_info(args: dict, ctx) -> ToolResult:
    """Add information to a road issue you reported (your access code proves it); road crews see it.

    The reference alone is no proof (references are sequential): without the reporter's
    access code nothing is added.
    """
    issue = road_issue_get(reference=args["reference"])
    if not access_code_matches(issue, args["access_code"]):
        raise ServiceError(TransportationErrorCode.OWNER_PROOF_REQUIRED,
                           OWNER_PROOF_REQUIRED_MESSAGE.format(reference=issue.reference), field="access_code")
    added = road_issue_information_add(reference=issue.reference, text=args["text"], actor=ctx.actor)
    facts = answers.information_facts(added)
    return ToolResult(owner=True, text=answers.information_text(facts), structured=facts)
