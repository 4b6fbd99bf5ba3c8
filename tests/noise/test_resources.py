"""Noise resources and the complaint prompt, read through the registry as the endpoint does."""
import pytest

from apps.core.errors import ServiceError
from apps.mcp.registry import registry
from apps.noise.services import complaint_file


def template(uri_template: str):
    return next(t for t in registry.templates_for("noise") if t.uri_template == uri_template)


def test_resources_are_declared():
    assert [r.uri for r in registry.resources_for("noise")] == ["civicmind://noise/ordinances",
                                                                "civicmind://noise/noise-types"]
    assert [t.uri_template for t in registry.templates_for("noise")] == [
        "civicmind://noise/ordinances/{zone}", "civicmind://noise/complaints/{case_number}"]


def test_ordinances_resource(ordinances):
    rules = registry.resources["civicmind://noise/ordinances"].handler()["ordinances"]
    assert [rule["code"] for rule in rules] == ["T 1.030", "T 1.010", "T 1.110", "T 1.020"]
    assert rules[0]["citation_fine"] == "300.00"


def test_zone_ordinances_template(ordinances):
    found = template("civicmind://noise/ordinances/{zone}")
    assert found.match("civicmind://noise/ordinances/r-1") == {"zone": "r-1"}
    body = found.handler(zone="r-1")
    assert (body["zone"], [r["code"] for r in body["ordinances"]]) == ("R-1", ["T 1.010", "T 1.110"])
    with pytest.raises(ServiceError):
        found.handler(zone="Z-9")
    assert found.completions["zone"]("c", {}) == ["C-1", "C-2"]


def test_noise_types_resource():
    types = registry.resources["civicmind://noise/noise-types"].handler()["noise_types"]
    assert types[0] == {"value": "loud_music", "label": "Loud music", "emoji": "🎵"}
    assert len(types) == 12


def test_complaint_template_leaves_out_the_reporter(places, ordinances):
    case = complaint_file(location="456 Oak Ave", noise_type="party", actor="t", reporter_name="Dana",
                          reporter_contact="dana@example.com").complaint.case_number
    body = template("civicmind://noise/complaints/{case_number}").handler(case_number=case)
    assert body["case_number"] == case
    assert "dana" not in str(body).lower()
    with pytest.raises(ServiceError):
        template("civicmind://noise/complaints/{case_number}").handler(case_number="NC-2026-999999")


def test_file_a_noise_complaint_prompt():
    prompt = registry.find_prompt("noise", "file_a_noise_complaint")
    [message] = prompt.handler(location="123 Main St", noise_type="loud_music")
    assert message.startswith("A resident wants to report noise at 123 Main St. The resident says the noise is: "
                              "loud_music.")
    assert "Call file_complaint" in message and "check_ordinance" in message
    assert prompt.completions["noise_type"]("Loud", {}) == ["loud_music"]
    assert prompt.completions["noise_type"]("", {})[:2] == ["loud_music", "party"]
