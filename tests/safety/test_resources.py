"""Safety resources and the incident prompt, read through the registry as the endpoint does."""
import pytest

from apps.core.errors import ServiceError
from apps.mcp.registry import registry
from apps.safety.services import incident_dispatch, incident_report, incident_resolve


def test_resources_are_declared():
    assert [r.uri for r in registry.resources_for("safety")] == [
        "civicmind://safety/fire-code", "civicmind://safety/incidents", "civicmind://safety/units"]
    assert [t.uri_template for t in registry.templates_for("safety")] == ["civicmind://safety/incidents/{reference}"]


def test_fire_code_resource(fire_code):
    body = registry.resources["civicmind://safety/fire-code"].handler()
    assert [(r["business_type"], r["min_capacity"], r["occupancy_group"]) for r in body["occupancy_rules"]] == [
        ("office", 1, "B"), ("restaurant", 1, "B"), ("restaurant", 50, "A-2")]
    assert len(body["rules"]) == 12


def test_open_incidents_and_one_incident(units, django_assert_max_num_queries):
    low = incident_report(incident_type="other", location="123 Main St", description="x", actor="t").incident
    fire = incident_report(incident_type="fire", location="123 Main St", description="x", actor="t",
                           contact="555-0100").incident
    done = incident_report(incident_type="crime", location="123 Main St", description="x", actor="t").incident
    incident_dispatch(reference=fire.reference, actor="t")
    incident_resolve(reference=done.reference, actor="t")
    with django_assert_max_num_queries(3):
        body = registry.resources["civicmind://safety/incidents"].handler()
    assert [i["reference"] for i in body["incidents"]] == [fire.reference, low.reference]  # critical first
    one = registry.templates_for("safety")[0].handler(reference=fire.reference.lower())
    assert (one["reference"], len(one["units"])) == (fire.reference, 3)
    assert "555-0100" not in str(one)
    with pytest.raises(ServiceError):
        registry.templates_for("safety")[0].handler(reference="INC-2026-404404")


def test_units_resource(units):
    body = registry.resources["civicmind://safety/units"].handler()
    assert [u["call_sign"] for u in body["units"]][:3] == ["M-1", "M-3", "E-1"]


def test_report_an_incident_prompt():
    prompt = registry.find_prompt("safety", "report_an_incident")
    [message] = prompt.handler(location="123 Main St", incident_type="fire")
    assert message.startswith("A resident is reporting an incident at 123 Main St. The resident says it is: fire.")
    assert "call 911 first" in message and "report_incident" in message
    assert prompt.completions["incident_type"]("tra", {}) == ["traffic_accident"]
    assert prompt.completions["incident_type"]("crash", {}) == ["traffic_accident"]
