"""Issue 12 at the zoning office: decisions ask the reason track_variance shows, refusal before
the form, buttons on the variance's page, LogEntry for the admin and for decide_variance.
"""
import pytest
from django.urls import reverse

from apps.zoning.models import Variance
from apps.zoning.services import variance_submit
from tests.core.workflow import act, buttons, history, messages_of, press, staff_call, staff_key
from tests.zoning.conftest import hearing_held, make_parcel

pytestmark = pytest.mark.django_db


@pytest.fixture
def variance(districts):
    make_parcel("APN 1", "456 Oak Ave", districts.r1)
    variance = variance_submit(property_address="456 Oak Ave", variance_type="fence", description="x",
                               applicant="A", actor="t").variance
    hearing_held(variance)
    return variance


def fresh(variance):
    return Variance.objects.get(pk=variance.pk)


def test_denial_asks_why_and_track_variance_shows_it(admin_client, variance, call_tool):
    assert buttons(admin_client, variance) == ["start_review", "mark_approved", "mark_denied", "withdraw"]
    form = press(admin_client, variance, "mark_denied")
    assert 'name="reason"' in form.content.decode() and fresh(variance).status == "submitted"
    press(admin_client, variance, "mark_denied", apply="1", reason="An 8 ft fence blocks the corner sight line.")
    assert fresh(variance).status == "denied"
    tracked = call_tool("track_variance", {"reference": variance.reference})
    assert "An 8 ft fence blocks the corner sight line." in tracked.text
    assert tracked.structured["decision_note"] == "An 8 ft fence blocks the corner sight line."
    assert history(variance) == [("admin", "Denied: An 8 ft fence blocks the corner sight line.")]
    assert buttons(admin_client, variance) == []


def test_a_decided_variance_refuses_before_the_form(admin_client, variance):
    press(admin_client, variance, "mark_approved", apply="1", reason="Meets the hardship test.")
    response = act(admin_client, Variance, "mark_denied", [fresh(variance)])
    assert 'name="reason"' not in response.content.decode()
    [(level, text)] = messages_of(response)
    assert level == "error"
    assert text.startswith(f"{variance.reference}: Variance {variance.reference} was already approved on ")
    assert fresh(variance).status == "approved"


def test_decide_variance_writes_the_history(variance, django_user_model):
    owner, key = staff_key(django_user_model, "zoning", username="zoning-admin")
    result = staff_call("zoning", "decide_variance", {"reference": variance.reference, "decision": "approved",
                                                      "note": "Granted at the hearing."}, key)
    assert result.is_error is False
    assert history(variance) == [("zoning-admin", "Status submitted → approved: Granted at the hearing. — via "
                                                  f"decide_variance (API key {key.api_key.prefix}…)")]


# --- issue 15 ----------------------------------------------------------------------------------
def test_approval_before_the_hearing_is_refused_before_the_form(admin_client, districts):
    early = variance_submit(property_address="456 Oak Ave", variance_type="fence", description="x", applicant="A",
                            actor="t").variance
    response = act(admin_client, Variance, "mark_approved", [early])
    assert 'name="reason"' not in response.content.decode()
    [(level, text)] = messages_of(response)
    assert level == "error"
    assert text == (f"{early.reference}: Variance {early.reference} is heard by the Board of Zoning Appeals on "
                    "Tuesday, January 12, 2027 (in 49 days); it can be approved or denied from that day on, not "
                    "before. Until then it can only be reviewed or withdrawn.")
    assert fresh(early).status == "submitted"


def test_a_parking_approval_asks_for_the_spaces(admin_client, districts):
    parking = variance_submit(property_address="123 Main St", variance_type="parking", description="x",
                              applicant="A", actor="t").variance
    hearing_held(parking)
    form = press(admin_client, parking, "mark_approved")
    assert 'name="parking_spaces_required"' in form.content.decode()
    press(admin_client, parking, "mark_approved", apply="1", reason="Shared lot shown.", parking_spaces_required="6")
    assert (fresh(parking).status, fresh(parking).parking_spaces_required) == ("approved", 6)


def test_the_changelist_flags_an_overdue_decision(admin_client, variance):
    Variance.objects.filter(pk=variance.pk).update(hearing_date="2026-11-10")
    page = admin_client.get(reverse("admin:zoning_variance_changelist")).content.decode()
    assert "Tuesday, November 10 (14 days ago) — ⚠️ decision overdue by 14 days" in page
