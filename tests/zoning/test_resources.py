"""Zoning resources and the business-location prompt, read through the registry as the endpoint does."""
import pytest

from apps.core.errors import ServiceError
from apps.mcp.registry import registry
from apps.zoning.services import variance_submit


def test_resources_are_declared():
    assert [r.uri for r in registry.resources_for("zoning")] == ["civicmind://zoning/districts",
                                                                 "civicmind://zoning/catalogue"]
    assert [t.uri_template for t in registry.templates_for("zoning") if t.domain == "zoning"] == [
        "civicmind://zoning/districts/{code}", "civicmind://zoning/variances/{reference}"]


def test_districts_resources(districts, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        body = registry.resources["civicmind://zoning/districts"].handler()
    assert [d["code"] for d in body["districts"]] == ["C-1", "C-2", "R-1"]
    template = registry.templates_for("zoning")[0]
    c1 = template.handler(code="c-1")
    assert [u["use"] for u in c1["uses"]] == ["bar", "restaurant", "retail"]
    assert template.completions["code"]("c", {}) == ["C-1", "C-2"]
    with pytest.raises(ServiceError):
        template.handler(code="Z-9")


def test_variance_template_leaves_out_contacts(districts):
    reference = variance_submit(property_address="456 Oak Ave", variance_type="fence", description="x",
                                applicant="Jordan Lee", actor="t", contact="jordan@example.com").variance.reference
    body = registry.templates_for("zoning")[1].handler(reference=reference)
    assert (body["reference"], body["applicant"]) == (reference, "Jordan Lee")
    assert "jordan@example.com" not in str(body)


def test_catalogue_resource():
    body = registry.resources["civicmind://zoning/catalogue"].handler()
    assert body["business_types"][0] == {"value": "restaurant", "label": "Restaurant"}
    assert body["variance_types"][0] == {"value": "setback", "label": "Setback", "fee": "450.00", "currency": "USD"}


def test_business_location_prompt():
    prompt = registry.find_prompt("zoning", "check_a_business_location")
    [message] = prompt.handler(property_address="123 Main St", business_type="restaurant", seating_capacity="40")
    assert message.startswith("A resident wants to open a restaurant at 123 Main St with a capacity of 40.")
    assert "check_compliance" in message and "submit_variance" in message
    assert prompt.completions["business_type"]("rest", {}) == ["restaurant"]
    assert prompt.completions["business_type"]("pizzeria", {}) == ["restaurant"]
