"""Transportation resources and the road issue prompt, read through the registry as the endpoint does."""
import pytest

from apps.core.errors import ServiceError
from apps.mcp.registry import registry
from apps.transportation.services import road_issue_report
from tests.transportation.conftest import local, make_alert


def test_resources_are_declared():
    assert [r.uri for r in registry.resources_for("transportation")] == [
        "civicmind://transportation/routes", "civicmind://transportation/alerts"]
    assert [t.uri_template for t in registry.templates_for("transportation")] == [
        "civicmind://transportation/routes/{code}", "civicmind://transportation/road-issues/{reference}"]


def test_route_resources(network):
    assert [r["code"] for r in registry.resources["civicmind://transportation/routes"].handler()["routes"]] == [
        "10", "R"]
    template = registry.templates_for("transportation")[0]
    body = template.handler(code="r")
    assert (body["kind"], [s["name"] for s in body["stops"]]) == ("route", ["Central Station", "Harbor District"])
    assert template.completions["code"]("1", {}) == ["10"]
    with pytest.raises(ServiceError):
        template.handler(code="99")


def test_alerts_resource(network, places):
    make_alert("Lane closure", places.main, starts_at=local(2026, 1, 1), routes=[network.bus], delay=5)
    make_alert("Old", places.main, starts_at=local(2026, 1, 1), ends_at=local(2026, 1, 2))
    alerts = registry.resources["civicmind://transportation/alerts"].handler()["alerts"]
    assert [(a["title"], a["routes"]) for a in alerts] == [("Lane closure", ["10"])]


def test_road_issue_template_leaves_out_contacts(places):
    reference = road_issue_report(issue_type="pothole", location="456 Oak Ave", actor="t",
                                  contact="jordan@example.com").issue.reference
    body = registry.templates_for("transportation")[1].handler(reference=reference)
    assert (body["reference"], [r["location"] for r in body["reports"]]) == (reference, ["456 Oak Ave"])
    assert "jordan" not in str(body)


def test_report_a_road_issue_prompt():
    prompt = registry.find_prompt("transportation", "report_a_road_issue")
    [message] = prompt.handler(location="456 Oak Ave", issue_type="pothole")
    assert message.startswith("A resident wants to report a road problem at 456 Oak Ave. The resident says it is: "
                              "pothole.")
    assert "report_road_issue" in message
    assert prompt.completions["issue_type"]("traffic light", {}) == ["traffic_signal"]
    assert prompt.completions["issue_type"]("s", {}) == ["streetlight", "sign_damage", "sidewalk"]
