"""Prompts that walk an assistant through the parking tools."""
import pytest

from apps.accounts.viewers import Viewer
from apps.mcp.registry import registry


def test_parking_declares_its_prompts():
    assert [name for name, _ in registry.prompts_for("parking")] == ["pay_a_citation", "report_a_violation"]
    pay = registry.find_prompt("parking", "pay_a_citation")
    assert [(a.name, a.required) for a in pay.arguments] == [("license_plate", True), ("citation_number", False)]


def test_pay_a_citation_names_the_tools_in_order(settings):
    settings.PARKING_PAYMENT_PHONE = "(555) 999-0000"
    messages = registry.find_prompt("parking", "pay_a_citation").handler(license_plate="ABC123",
                                                                         citation_number="VIO-2025-001234")
    assert messages[0] == "I want to pay citation VIO-2025-001234 for license plate ABC123."
    steps = messages[1]
    assert steps.index("check_violations") < steps.index("make_payment")
    assert "license_plate=\"ABC123\"" in steps
    assert "idempotency_key" in steps and "tok_visa" in steps and "never ask me for a card number" in steps
    assert "within 21 days of issue" in steps and "(555) 999-0000" in steps


def test_pay_a_citation_without_a_number():
    messages = registry.find_prompt("parking", "pay_a_citation").handler(license_plate="ABC123")
    assert messages[0] == "I want to pay some or all of my citations for license plate ABC123."


@pytest.mark.django_db
def test_report_a_violation_completes_violation_types(violation_types):
    prompt = registry.find_prompt("parking", "report_a_violation")
    assert prompt.completions["violation_type"]("", {}) == ["blocked_driveway", "expired_meter"]
    assert prompt.completions["violation_type"]("exp", {}) == ["expired_meter"]
    messages = prompt.handler(violation_type="blocked_driveway", location="456 Oak Ave")
    assert messages[0] == ("I want to report a parking violation (violation_type=\"blocked_driveway\", "
                           "location=\"456 Oak Ave\").")
    assert "report_violation" in messages[1] and "image/webp" in messages[1]


@pytest.mark.django_db
def test_pay_a_citation_completes_citation_numbers(make_citation):
    make_citation(number="VIO-2025-001234")
    complete = registry.find_prompt("parking", "pay_a_citation").completions["citation_number"]
    assert complete("VIO", {}, Viewer.PUBLIC) == ["VIO-2025-"]
    # Issue 11: numbers only for the plate the prompt names (its license_plate argument).
    assert complete("VIO-2025-0012", {}, Viewer.PUBLIC) == []
    assert complete("VIO-2025-0012", {"license_plate": "ABC123"}, Viewer.PUBLIC) == ["VIO-2025-001234"]
