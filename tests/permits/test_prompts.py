"""Prompts that walk an assistant through the permits tools."""
import pytest

from apps.core.errors import ServiceError
from apps.mcp.registry import registry


def prompt(name):
    return registry.find_prompt("permits", name)


def test_apply_for_a_permit(deck_type):
    found = prompt("apply_for_a_permit")
    assert [(a.name, a.required) for a in found.arguments] == [
        ("permit_type", True), ("property_address", False), ("project_description", False)]
    [message] = found.handler(permit_type="residential_deck", property_address="123 Oak St",
                              project_description="Adding 400 sq ft deck")
    text = message["content"]["text"]
    assert message["role"] == "user"
    assert text.startswith("I want to apply for a Residential Deck Permit (permit_type \"residential_deck\") at "
                           "123 Oak St. Project: Adding 400 sq ft deck.\n\n")
    for tool in ("analyze_application", "check_requirements", "calculate_fees", "submit_application", "track_status",
                 "schedule_inspection"):
        assert tool in text
    assert ("(Site plan showing deck location; Structural drawings with dimensions; Electrical plans (if adding "
            "outlets/lighting); Property survey (if close to setbacks))") in text
    assert "books the foundation inspection (foundation)" in text
    assert "the reference and the access code it returns" in text
    assert "schedule_inspection with both" in text


def test_apply_for_an_unknown_permit_type_is_refused(deck_type):
    with pytest.raises(ServiceError) as caught:
        prompt("apply_for_a_permit").handler(permit_type="hot_tub")
    assert caught.value.code == "unknown_permit_type"
    assert caught.value.message == "There is no permit type \"hot_tub\". Valid permit types: residential_deck."


def test_schedule_an_inspection_prompt():
    found = prompt("schedule_an_inspection")
    assert [a.name for a in found.arguments] == ["reference", "inspection_type"]  # the code is no prompt argument
    [message] = found.handler(reference="PRM-2026-000110", inspection_type="foundation")
    text = message["content"]["text"]
    assert text.startswith("I need to book the \"foundation\" inspection for permit PRM-2026-000110.")
    # schedule_inspection refuses without the applicant's code: the walk-through asks for it first.
    assert "1. Ask me for the access code submit_application gave me" in text
    assert "call schedule_inspection with the reference, the access_code, the inspection_type code" in text
