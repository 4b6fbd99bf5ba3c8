"""Zoning writes: variance submission (fee, hearing, event), review, decision, withdrawal."""
import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.wording import day_text, when_text
from apps.events.models import Event
from apps.events.timestamps import utc_text
from apps.zoning.hearings import hearing_date_for
from apps.zoning.locks import reference_allocate
from apps.core.models import ReferenceSequence
from apps.zoning.models import Variance, VarianceUpdate
from apps.zoning.services import variance_decide, variance_review_start, variance_submit, variance_withdraw
from tests.zoning.conftest import hearing_held, make_parcel


def year() -> int:
    return timezone.localdate().year


def counts() -> tuple:
    return Variance.objects.count(), VarianceUpdate.objects.count(), Event.objects.count()


def submit(**overrides):
    values = dict(property_address="456 Oak Ave", variance_type="fence", description=" A 6 ft fence ",
                  applicant=" Jordan Lee ", actor="t", contact="jordan@example.com")
    values.update(overrides)
    return variance_submit(**values)


def test_submission_sets_fee_hearing_and_announces_it(districts):
    parcel = make_parcel("APN 101-020-011", "456 Oak Ave", districts.r1)
    variance = submit().variance
    today = timezone.localdate()
    assert (variance.reference, variance.status, variance.variance_type, variance.property_address) == (
        f"VAR-{year()}-000001", "submitted", "fence", "456 Oak Ave")
    assert (str(variance.fee), variance.district, variance.parcel, variance.applicant, variance.description) == (
        "250.00", districts.r1, parcel, "Jordan Lee", "A 6 ft fence")
    assert variance.hearing_date == hearing_date_for(today, notice_days=21)
    assert [u.status for u in variance.updates.all()] == ["submitted"]
    event = Event.objects.get()
    assert (event.type, event.domain) == ("variance.submitted", "zoning")
    assert event.data == {"reference": variance.reference, "parcel": "APN 101-020-011", "variance_type": "fence",
                          "property_address": "456 Oak Ave", "district": "R-1",
                          "hearing_date": variance.hearing_date.isoformat()}


def test_submission_without_a_parcel_takes_the_street_district(districts):
    variance = submit(property_address="123 Main Street", variance_type="parking").variance
    assert (variance.parcel, variance.district.code, str(variance.fee)) == (None, "C-1", "500.00")
    assert Event.objects.get().data["parcel"] is None


@pytest.mark.parametrize("address, code", [("Old Pier", "no_district"), ("1 Nowhere Lane", "unknown_place")])
def test_refused_submissions_write_nothing(districts, address, code):
    with pytest.raises(ServiceError) as refused:
        submit(property_address=address)
    assert (refused.value.code, refused.value.field) == (code, "property_address")
    assert counts() == (0, 0, 0)


def test_a_retried_key_returns_the_first_application(districts):
    first = submit(idempotency_key="k-1")
    again = submit(idempotency_key="k-1", variance_type="height")
    assert (again.replayed, again.variance.pk, again.variance.variance_type) == (True, first.variance.pk, "fence")
    assert counts() == (1, 1, 1)


def test_numbers_continue_above_existing_ones(districts):
    submit()
    Variance.objects.update(reference=f"VAR-{year()}-000120")
    ReferenceSequence.objects.filter(prefix="VAR").delete()
    assert submit().variance.reference == f"VAR-{year()}-000121"
    assert reference_allocate(prefix="VAR", year=1999) == "VAR-1999-000001"


def test_review_then_approve(districts):
    reference, hearing = (lambda v: (v.reference, v.hearing_date))(submit().variance)
    started = variance_review_start(reference=reference.lower(), actor="staff:kim")
    assert (started.old_status, started.variance.status, started.changed) == ("submitted", "under_review", True)
    assert variance_review_start(reference=reference, actor="staff:kim").changed is False
    hearing_held(reference)
    decided = variance_decide(reference=reference, decision="approved", actor="staff:kim", note=" Meets findings ")
    variance = Variance.objects.get()
    assert (decided.old_status, variance.status, variance.decision_note, variance.decided_by) == (
        "under_review", "approved", "Meets findings", "staff:kim")
    assert variance.decided_at is not None
    assert [(u.status, u.note) for u in variance.updates.all()] == [
        ("submitted", f"Application submitted; hearing set for {hearing:%B} {hearing.day}, {hearing.year}."),
        ("under_review", "Review started."), ("approved", "Approved. Meets findings")]


def test_the_same_decision_again_changes_nothing_a_different_one_is_refused(districts):
    reference = submit().variance.reference
    hearing_held(reference)
    variance_decide(reference=reference, decision="denied", actor="t")
    before = counts()
    assert variance_decide(reference=reference, decision="denied", actor="t").changed is False
    with pytest.raises(ServiceError) as refused:
        variance_decide(reference=reference, decision="approved", actor="t")
    decided = day_text(timezone.localdate(Variance.objects.get().decided_at))
    assert (refused.value.code, refused.value.field) == ("already_decided", "decision")
    assert refused.value.message == (
        f"Variance {reference} was already denied on {decided}; a decision cannot be changed here. File a new "
        "application or an appeal instead.")
    assert counts() == before
    assert Variance.objects.get().status == "denied"


def test_withdrawn_applications_are_not_decided(districts):
    reference = submit().variance.reference
    assert variance_withdraw(reference=reference, actor="t").variance.status == "withdrawn"
    with pytest.raises(ServiceError) as refused:
        variance_decide(reference=reference, decision="approved", actor="t")
    assert refused.value.message == (
        f"Variance {reference} is withdrawn; only submitted or under-review applications are decided.")
    with pytest.raises(ServiceError) as again:
        variance_review_start(reference=reference, actor="t")
    assert again.value.code == "invalid_transition"


def test_unknown_reference(districts):
    with pytest.raises(ServiceError) as refused:
        variance_decide(reference="VAR-2026-000999", decision="approved", actor="t")
    assert (refused.value.code, refused.value.field) == ("variance_not_found", "reference")


def test_fee_by_type(districts):
    fees = {kind: str(submit(variance_type=kind).variance.fee) for kind in ("use", "height", "sign")}
    assert fees == {"use": "1200.00", "height": "650.00", "sign": "300.00"}


# --- issue 15: decisions at the hearing; an approved parking variance says how many spaces -------
def test_a_decision_before_the_hearing_is_refused_and_writes_nothing(districts):
    variance = submit(variance_type="parking").variance
    before = counts()
    with pytest.raises(ServiceError) as refused:
        variance_decide(reference=variance.reference, decision="approved", actor="t", parking_spaces_required=4)
    hearing = variance.hearing_date
    assert (refused.value.code, refused.value.field) == ("hearing_not_held", "decision")
    assert refused.value.message == (
        f"Variance {variance.reference} is heard by the Board of Zoning Appeals on {when_text(hearing)}; it can "
        "be approved or denied from that day on, not before. Until then it can only be reviewed or withdrawn.")
    assert counts() == before
    assert (Variance.objects.get().status, Variance.objects.get().decided_at) == ("submitted", None)
    assert variance_withdraw(reference=variance.reference, actor="t").changed is True  # still possible


def test_a_decision_on_the_hearing_day_is_taken(districts):
    reference = submit().variance.reference
    hearing_held(reference)
    assert variance_decide(reference=reference, decision="denied", actor="t").variance.status == "denied"


def test_approving_a_parking_variance_needs_the_spaces(districts):
    reference = submit(variance_type="parking").variance.reference
    hearing_held(reference)
    before = counts()
    with pytest.raises(ServiceError) as refused:
        variance_decide(reference=reference, decision="approved", actor="t")
    assert (refused.value.code, refused.value.field) == ("parking_spaces_needed", "parking_spaces_required")
    assert counts() == before
    approved = variance_decide(reference=reference, decision="approved", actor="t", parking_spaces_required=0)
    assert (approved.variance.status, Variance.objects.get().parking_spaces_required) == ("approved", 0)


@pytest.mark.parametrize("kind, decision", [("fence", "approved"), ("parking", "denied")])
def test_spaces_are_refused_outside_a_parking_approval(districts, kind, decision):
    reference = submit(variance_type=kind).variance.reference
    hearing_held(reference)
    with pytest.raises(ServiceError) as refused:
        variance_decide(reference=reference, decision=decision, actor="t", parking_spaces_required=3)
    assert (refused.value.code, refused.value.field) == ("parking_spaces_not_applicable", "parking_spaces_required")
    assert Variance.objects.get().status == "submitted"


def status_events() -> list:
    return list(Event.objects.filter(type="variance.status_changed").order_by("id").values_list("domain", "data"))


def test_each_move_emits_one_event_and_a_decision_carries_what_was_decided(districts):
    reference = submit(variance_type="parking").variance.reference
    variance_review_start(reference=reference, actor="staff:kim")
    variance_review_start(reference=reference, actor="staff:kim")  # again: no move
    hearing_held(reference)
    variance_decide(reference=reference, decision="approved", actor="staff:kim", note=" Keep 4 spaces ",
                    parking_spaces_required=4)
    variance_decide(reference=reference, decision="approved", actor="staff:kim", parking_spaces_required=4)
    decided_at = utc_text(Variance.objects.get().decided_at)
    assert status_events() == [
        ("zoning", {"reference": reference, "variance_type": "parking", "old_status": "submitted",
                    "status": "under_review"}),
        ("zoning", {"reference": reference, "variance_type": "parking", "old_status": "under_review",
                    "status": "approved", "decided_at": decided_at, "decision_note": "Keep 4 spaces",
                    "parking_spaces_required": 4}),
    ]


def test_a_withdrawal_emits_one_event_without_decision_fields(districts):
    reference = submit().variance.reference
    variance_withdraw(reference=reference, actor="t")
    variance_withdraw(reference=reference, actor="t")
    assert status_events() == [("zoning", {"reference": reference, "variance_type": "fence",
                                           "old_status": "submitted", "status": "withdrawn"})]
