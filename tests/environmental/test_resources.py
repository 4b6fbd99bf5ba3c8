"""Environmental resources and the bulky-items prompt, read through the registry as the endpoint does."""
import pytest

from apps.core.errors import ServiceError
from apps.environmental.services import environmental_report_file
from apps.mcp.registry import registry
from tests.environmental.conftest import make_program


def test_resources_are_declared():
    assert [r.uri for r in registry.resources_for("environmental")] == [
        "civicmind://environmental/collection-areas", "civicmind://environmental/bulk-items",
        "civicmind://environmental/programs"]
    assert [t.uri_template for t in registry.templates_for("environmental")] == [
        "civicmind://environmental/reports/{reference}"]


def test_collection_areas_and_item_rules(city, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        areas = registry.resources["civicmind://environmental/collection-areas"].handler()["areas"]
    assert [(a["code"], a["streets"], a["bulk_pickup_weekday"]) for a in areas] == [
        ("DT", ["Main St"], "Tuesday"), ("WS", ["Oak Ave"], "Wednesday")]
    rules = registry.resources["civicmind://environmental/bulk-items"].handler()["rules"]
    assert [(r["keyword"], r["accepted"]) for r in rules] == [("armchair", True), ("mattress", True), ("sofa", True),
                                                              ("paint", False), ("tv", False)]


def test_programs_resource(db):
    make_program("compost-rebate", rebate="50.00")
    make_program("paused", active=False)
    programs = registry.resources["civicmind://environmental/programs"].handler()["programs"]
    assert [(p["slug"], p["rebate_amount"]) for p in programs] == [("compost-rebate", "50.00")]


def test_report_template_leaves_out_contacts(city):
    reference = environmental_report_file(report_type="odor", location="Main St", description="x", actor="t",
                                          contact="jordan@example.com").report.reference
    body = registry.templates_for("environmental")[0].handler(reference=reference)
    assert body["reference"] == reference and "jordan" not in str(body)
    with pytest.raises(ServiceError):
        registry.templates_for("environmental")[0].handler(reference="ENV-2026-404404")


def test_bulky_items_prompt():
    [message] = registry.find_prompt("environmental", "get_rid_of_bulky_items").handler(
        address="456 Oak Ave", items="sofa, mattress")
    assert message.startswith("A resident at 456 Oak Ave wants to get rid of bulky items. They mention: sofa, "
                              "mattress.")
    assert "waste_schedule" in message and "schedule_bulk_pickup" in message
