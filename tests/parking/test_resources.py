"""Parking resources: violation types, facilities, one type, one citation; their completions."""
import pytest
from django.utils import timezone

from apps.accounts.viewers import Viewer
from apps.core.errors import ServiceError
from apps.mcp.registry import registry

pytestmark = pytest.mark.django_db


def read(uri: str):
    resource = registry.resources.get(uri)
    if resource:
        return resource.handler()
    for template in registry.templates_for("parking"):
        variables = template.match(uri)
        if variables is not None:
            return template.handler(**variables)
    raise AssertionError(f"no parking resource for {uri}")


def template(uri_template: str):
    return next(t for t in registry.templates_for("parking") if t.uri_template == uri_template)


def test_parking_declares_its_resources():
    assert [r.uri for r in registry.resources_for("parking")] == [
        "civicmind://parking/violation-types", "civicmind://parking/facilities"]
    assert [t.uri_template for t in registry.templates_for("parking")] == [
        "civicmind://parking/violation-types/{code}", "civicmind://parking/citations/{citation_number}"]


def test_violation_types_with_fines_and_schedules(violation_types, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = read("civicmind://parking/violation-types")
    assert [t["code"] for t in data["violation_types"]] == ["blocked_driveway", "expired_meter"]  # active only
    assert data["violation_types"][1] == {
        "code": "expired_meter", "description": "Expired Meter", "ordinance": "", "fine": "25.00", "currency": "USD",
        "late_fee_schedule": {"initial": "10.00", "recurring": "10.00", "interval_days": 30, "cap": "40.00",
                              "text": "$10.00 the day after the due date, then $10.00 every 30 days, up to "
                                      "$40.00 in total."},
    }


def test_one_violation_type_and_its_completion(violation_types):
    assert read("civicmind://parking/violation-types/blocked_driveway")["fine"] == "75.00"
    assert read("civicmind://parking/violation-types/Expired%20Meter")["code"] == "expired_meter"
    with pytest.raises(ServiceError):
        read("civicmind://parking/violation-types/speeding")
    complete = template("civicmind://parking/violation-types/{code}").completions["code"]
    assert complete("", {}) == ["blocked_driveway", "expired_meter"]
    assert complete("bl", {}) == ["blocked_driveway"]


def test_facilities(facilities, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = read("civicmind://parking/facilities")
    by_name = {f["name"]: f for f in data["facilities"]}
    assert by_name["Main St (100 block)"] == {
        "name": "Main St (100 block)", "kind": "street", "address": "", "latitude": 37.7805, "longitude": -122.4186,
        "rate": "$2.00/hour", "hourly_rate": "2.00", "flat_rate": None, "daily_max": None, "currency": "USD",
        "time_limit_minutes": 120, "enforcement_start": "08:00", "enforcement_end": "18:00", "capacity": 10,
        "spaces_available": 8,
    }
    assert by_name["City Center Garage"]["rate"] == "$5.00 flat rate"


def test_one_citation_by_number(make_citation, django_assert_num_queries):
    citation = make_citation(number="VIO-2025-001234", issued_days_ago=45)
    with django_assert_num_queries(1):
        data = read("civicmind://parking/citations/VIO-2025-001234")
    assert (data["citation_number"], data["status"], data["fine"], data["late_fees"], data["amount_due"]) == (
        "VIO-2025-001234", "issued", "25.00", "10.00", "35.00")
    assert data["issued_on"] == timezone.localdate(citation.issued_at).isoformat()
    assert read("civicmind://parking/citations/vio-2025-1234")["citation_number"] == "VIO-2025-001234"


@pytest.mark.parametrize("number", ["VIO-2025-009999", "not-a-number"])
def test_an_unknown_citation_is_not_found(make_citation, number):
    with pytest.raises(ServiceError):
        read(f"civicmind://parking/citations/{number}")


def test_citation_number_completion(make_citation):
    make_citation(number="VIO-2025-001234")
    complete = template("civicmind://parking/citations/{citation_number}").completions["citation_number"]
    assert complete.personal is True  # the MCP layer passes the viewer and audits the call
    assert complete("", {}, Viewer.PUBLIC) == ["VIO-2025-"]
    # Issue 11: the public never gets citation numbers, only those of a plate it names.
    assert complete("VIO-2025-0012", {}, Viewer.PUBLIC) == []
    assert complete("VIO-2025-0012", {"license_plate": "ABC123"}, Viewer.PUBLIC) == ["VIO-2025-001234"]
    assert complete("VIO-2025-0012", {"license_plate": "XYZ999"}, Viewer.PUBLIC) == []
    assert complete("VIO-2025-0012", {}, Viewer.STAFF) == ["VIO-2025-001234"]
