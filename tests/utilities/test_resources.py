"""Utilities resources and the outage prompt, read through the registry as the endpoint does."""
import pytest

from apps.core.errors import ServiceError
from apps.mcp.registry import registry
from apps.utilities.services import outage_report
from tests.utilities.conftest import make_outage


def test_resources_are_declared():
    assert [r.uri for r in registry.resources_for("utilities")] == ["civicmind://utilities/outages",
                                                                    "civicmind://utilities/catalogue"]
    assert [t.uri_template for t in registry.templates_for("utilities")] == [
        "civicmind://utilities/outages/{outage_id}"]


def test_active_outages_resource(places):
    make_outage("OUT-2026-0001", places.oak_456)
    make_outage("OUT-2026-0002", places.pine_42, status="resolved")
    outages = registry.resources["civicmind://utilities/outages"].handler()["outages"]
    assert [o["outage_id"] for o in outages] == ["OUT-2026-0001"]


def test_outage_template_leaves_out_contacts(places):
    outage_id = outage_report(service_type="water", address="456 Oak Ave", actor="t",
                              contact="jordan@example.com").outage.outage_id
    template = registry.templates_for("utilities")[0]
    body = template.handler(outage_id=outage_id.lower())
    assert (body["outage_id"], [r["address"] for r in body["reports"]]) == (outage_id, ["456 Oak Ave"])
    assert "jordan" not in str(body)
    with pytest.raises(ServiceError):
        template.handler(outage_id="OUT-2026-0404")


def test_catalogue_resource():
    body = registry.resources["civicmind://utilities/catalogue"].handler()
    assert [s["value"] for s in body["service_types"]] == ["water", "electric", "gas", "sewer"]
    assert body["request_types"][3] == {"value": "leak", "label": "Leak", "response_business_days": 0}


def test_report_an_outage_prompt():
    prompt = registry.find_prompt("utilities", "report_an_outage")
    [message] = prompt.handler(address="456 Oak Ave", service_type="water")
    assert message.startswith("A resident at 456 Oak Ave has lost a utility service. The resident says the water "
                              "service is out.")
    assert "check_outages" in message and "report_outage" in message
    assert prompt.completions["service_type"]("Ele", {}) == ["electric"]
    assert prompt.completions["service_type"]("power", {}) == ["electric"]
    assert prompt.completions["service_type"]("", {}) == ["water", "electric", "gas", "sewer"]
