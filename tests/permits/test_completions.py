"""Completion of permit types and inspection types."""
from apps.mcp.registry import registry
from apps.permits.completions import complete_inspection_type, complete_permit_type
from tests.permits.helpers import submit_deck


def test_permit_types(deck_type, building_type, business_type):
    assert complete_permit_type("", {}) == ["building_permit", "business_license", "residential_deck"]
    assert complete_permit_type("bu", {}) == ["building_permit", "business_license"]
    assert complete_permit_type("deck", {}) == ["residential_deck"]
    assert registry.find_prompt("permits", "apply_for_a_permit").completions["permit_type"] is complete_permit_type


def test_inspection_types_follow_the_context(deck_type, building_type, business_type, places):
    application = submit_deck()
    assert complete_inspection_type("", {}) == ["final", "fire_safety", "foundation", "framing", "health"]
    assert complete_inspection_type("f", {"permit_type": "business_license"}) == ["fire_safety"]
    assert complete_inspection_type("", {"reference": application.reference}) == ["final", "foundation", "framing"]
    completer = registry.find_prompt("permits", "schedule_an_inspection").completions["inspection_type"]
    assert completer is complete_inspection_type
