"""Resources of the transportation domain: routes, one route, active alerts, one road issue."""
from apps.core.errors import ServiceError
from apps.mcp.watches import Watch
from apps.mcp.registry import resource, resource_template
from apps.transportation import answers
from apps.transportation.errors import TransportationErrorCode
from apps.transportation.selectors import alert_search, reference_normalize, road_issue_get, route_list, transit_info
from apps.transportation.tools import AlertOutput, RouteOutput, TrackRoadIssueOutput, TransitInfoOutput


def _route_completions(value: str, context: dict) -> list[str]:
    prefix = value.strip().upper()
    return [route.code for route in route_list() if route.code.upper().startswith(prefix)]


@resource(uri="civicmind://transportation/routes", name="transit-routes", title="Transit routes")
def routes() -> dict:
    """Every active transit route with its mode and fare."""
    return {"routes": RouteOutput(instance=[answers.route_facts(route) for route in route_list()], many=True).data}


@resource_template(uri_template="civicmind://transportation/routes/{code}", name="transit-route",
                   title="A transit route", completions={"code": _route_completions})
def route(code: str) -> dict:
    """One route: its stops with running minutes, service by day and direction, active alerts."""
    if code.strip().upper() not in {r.code.upper() for r in route_list()}:
        raise ServiceError(TransportationErrorCode.ROUTE_NOT_FOUND, f"No transit route has code {code}.")
    return dict(TransitInfoOutput(instance=answers.transit_facts(transit_info(route=code))).data)


@resource(uri="civicmind://transportation/alerts", name="traffic-alerts", title="Active traffic alerts")
def alerts() -> dict:
    """Every traffic alert in force now, with the routes it delays."""
    _, _, found = alert_search()
    return {"alerts": AlertOutput(instance=[answers.alert_facts(item) for item in found], many=True).data}


@resource_template(uri_template="civicmind://transportation/road-issues/{reference}", name="road-issue",
                   title="A road issue", output=TrackRoadIssueOutput,
                   watch=Watch(("road_issue.*",), field="reference", normalize=reference_normalize,
                               creates=("road_issue.reported",)))
def road_issue(reference: str) -> dict:
    """One road issue by reference: status, place and timeline (the reports to staff)."""
    return dict(TrackRoadIssueOutput(instance=answers.track_facts(road_issue_get(reference=reference))).data)
