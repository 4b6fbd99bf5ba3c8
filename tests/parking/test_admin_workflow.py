"""Issue 12 at the citation desk: reasons asked and shown to the resident, refusals before the
form, buttons on the citation's page, counter payments, and the admin history of every move.
"""
from decimal import Decimal

import pytest

from apps.mcp.registry import registry
from apps.parking.models import Citation, Payment
from tests.core.workflow import act, buttons, change_url, history, messages_of, press, staff_call, staff_key
from tests.parking.helpers import events

pytestmark = pytest.mark.django_db


def citation_resource(citation) -> dict:
    [template] = [t for t in registry.templates_for("parking") if t.name == "citation"]
    return template.handler(citation_number=citation.citation_number)


def fresh(citation):
    return Citation.objects.get(pk=citation.pk)


def test_dismiss_asks_the_reason_and_the_resident_reads_it(admin_client, make_citation):
    issued = make_citation()
    form = act(admin_client, Citation, "dismiss", [issued])
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    # The service was asked (and accepted) in a rolled-back attempt: nothing written, nothing announced.
    assert (fresh(issued).status, fresh(issued).decision_note, events()) == ("issued", "", [])
    act(admin_client, Citation, "dismiss", [issued], apply="1", reason="Meter out of order that day.")
    assert (fresh(issued).status, fresh(issued).decision_note) == ("dismissed", "Meter out of order that day.")
    assert citation_resource(issued)["decision_note"] == "Meter out of order that day."
    assert history(issued) == [("admin", "Dismissed: Meter out of order that day.")]


def test_void_from_the_citation_page(admin_client, make_citation):
    issued = make_citation()
    assert buttons(admin_client, issued) == ["dismiss", "void", "record_payment"]
    press(admin_client, issued, "void", apply="1", reason="Entered twice by the handheld.")
    assert (fresh(issued).status, citation_resource(issued)["decision_note"]) == (
        "void", "Entered twice by the handheld.")
    assert buttons(admin_client, fresh(issued)) == []


def test_a_denied_contest_says_why_in_check_violations(admin_client, make_citation, call_tool):
    contested = make_citation(status="contested", issued_days_ago=6, contested_days_ago=4)
    assert buttons(admin_client, contested) == ["void", "grant_contest", "deny_contest"]
    press(admin_client, contested, "deny_contest", apply="1", reason="The photo shows the meter working.")
    answer = call_tool("check_violations", {"license_plate": "ABC123"})
    assert "   - Decision: The photo shows the meter working." in answer.text
    assert answer.structured["violations"][0]["decision_note"] == "The photo shows the meter working."
    assert history(contested) == [("admin", "Contest denied: The photo shows the meter working.")]


def test_a_granted_contest_keeps_its_reason(admin_client, make_citation):
    contested = make_citation(status="contested", issued_days_ago=6, contested_days_ago=4)
    act(admin_client, Citation, "grant_contest", [contested], apply="1", reason="The sign was missing.")
    assert citation_resource(contested)["decision_note"] == "The sign was missing."


def test_refused_decisions_refuse_before_the_form(admin_client, make_citation):
    paid = make_citation(status="paid")
    issued = make_citation()
    response = act(admin_client, Citation, "deny_contest", [paid, issued])
    assert 'name="reason"' not in response.content.decode()
    assert messages_of(response) == [
        ("error", f"Citation {paid.citation_number} is paid; it cannot be decided as a contest."),
        ("error", f"Citation {issued.citation_number} is issued (unpaid); it cannot be decided as a contest."),
    ]
    pressed = press(admin_client, paid, "dismiss")
    assert pressed.redirect_chain == [(change_url(paid), 302)]
    assert 'name="reason"' not in pressed.content.decode()
    assert (fresh(paid).status, fresh(issued).status) == ("paid", "issued")
    assert events() == []
    assert history(paid) == history(issued) == []


def test_record_a_counter_payment(admin_client, make_citation):
    issued = make_citation()
    wrong = press(admin_client, issued, "record_payment", apply="1", amount="10.00", method="Cash")
    assert [level for level, _ in messages_of(wrong)] == ["error"]
    assert fresh(issued).status == "issued"
    paid = press(admin_client, issued, "record_payment", apply="1", amount=str(issued.fine), method="Check",
                 reference="1042")
    payment = Payment.objects.get()
    assert messages_of(paid) == [("success", f"{issued.citation_number}: ${issued.fine:.2f} received (Check 1042); "
                                             f"receipt {payment.receipt_number}.")]
    assert (fresh(issued).status, payment.amount, payment.gateway) == ("paid", Decimal(issued.fine), "counter")
    assert [e.data["receipt_number"] for e in events("violation.paid")] == [payment.receipt_number]
    assert history(issued)[-1] == ("admin", f"Recorded a payment ({issued.citation_number}: ${issued.fine:.2f} "
                                            f"received (Check 1042); receipt {payment.receipt_number}.)")
    again = press(admin_client, fresh(issued), "record_payment")
    assert 'name="amount"' not in again.content.decode()  # refused before the form: already paid


def test_issue_citation_writes_the_history_as_the_keys_owner(places, violation_types, media_root,
                                                               django_user_model):
    owner, key = staff_key(django_user_model, "parking", username="officer-lee")
    result = staff_call("parking", "issue_citation", {
        "license_plate": "DEF456", "violation_type": "blocked_driveway", "location": "123 Main St",
        "notes": "Blocking the ramp."}, key)
    assert result.is_error is False
    assert history(Citation.objects.get()) == [
        ("officer-lee", f"Issued — via issue_citation (API key {key.api_key.prefix}…)")]
