"""Resources: the catalogue, one permit type, one application."""
import pytest

from apps.core.errors import ServiceError
from apps.mcp.registry import registry
from tests.permits.helpers import submit_deck


def template(uri_template):
    return next(t for t in registry.templates_for("permits") if t.uri_template == uri_template)


def test_declared():
    assert "civicmind://permits/types" in registry.resources
    templates = [t.uri_template for t in registry.templates_for("permits") if t.domain == "permits"]
    assert templates == ["civicmind://permits/types/{code}", "civicmind://permits/applications/{reference}"]


def test_catalogue(deck_type, building_type, django_assert_num_queries):
    with django_assert_num_queries(5):
        data = registry.resources["civicmind://permits/types"].handler()
    assert [t["code"] for t in data["permit_types"]] == ["building_permit", "residential_deck"]
    assert data["permit_types"][1]["fee_schedule"][0]["formula"] == "$150 flat"


def test_one_permit_type(deck_type):
    found = template("civicmind://permits/types/{code}")
    variables = found.match("civicmind://permits/types/residential_deck")
    assert found.handler(**variables)["name"] == "Residential Deck Permit"
    with pytest.raises(ServiceError):
        found.handler(code="hot_tub")
    assert found.completions["code"]("res", {}) == ["residential_deck"]


def test_one_application(deck_type, places):
    application = submit_deck()
    found = template("civicmind://permits/applications/{reference}")
    data = found.handler(**found.match(f"civicmind://permits/applications/{application.reference}"))
    assert data["reference"] == application.reference
    assert data["fees"]["total"] == "325.00"
    assert data["submitted_at"].endswith(("-08:00", "-07:00"))
    with pytest.raises(ServiceError):
        found.handler(reference="PRM-2026-999999")
