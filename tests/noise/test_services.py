"""Noise writes: filing (ordinance, quiet hours, repeats, idempotency), status changes, enforcement."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.events.models import Event
from apps.noise.locks import case_number_allocate
from apps.core.models import ReferenceSequence
from apps.noise.models import Complaint, ComplaintUpdate, EnforcementAction, NoiseLocation
from apps.noise.services import complaint_file, complaint_status_update, enforcement_action_issue


def year() -> int:
    return timezone.localdate().year


def number(n: int) -> str:
    return f"NC-{year()}-{n:06d}"


def counts() -> tuple:
    return (Complaint.objects.count(), ComplaintUpdate.objects.count(), NoiseLocation.objects.count(),
            EnforcementAction.objects.count(), Event.objects.count())


def test_file_a_complaint(places, ordinances):
    observed = timezone.now() - timedelta(minutes=20)
    filing = complaint_file(location="123 Main Street", noise_type="loud_music", actor="api-key:test",
                            description=" Bass through the walls ", observed_at=observed,
                            reporter_name="Dana", reporter_contact="dana@example.com")
    complaint = filing.complaint
    assert complaint.case_number == number(1)
    assert (complaint.status, complaint.noise_type, complaint.zone, complaint.reported_location) == (
        "filed", "loud_music", "C-1", "123 Main Street")
    assert complaint.ordinance == ordinances.c1 == filing.ordinance
    assert complaint.description == "Bass through the walls"
    assert complaint.observed_at == observed
    assert (complaint.reporter_name, complaint.reporter_contact) == ("Dana", "dana@example.com")
    assert complaint.repeat_of is None and filing.earlier == [] and filing.window_days == 30
    location = NoiseLocation.objects.get()
    assert (location.key, location.name, location.place, location.zone, location.complaint_count) == (
        "123 main st", "123 Main St", places.main_123, "C-1", 1)
    assert [(u.status, u.note, u.actor) for u in complaint.updates.all()] == [
        ("filed", "Complaint filed.", "api-key:test")]
    event = Event.objects.get()
    assert (event.type, event.domain, event.data) == ("complaint.filed", "noise", {
        "case_number": number(1), "noise_type": "loud_music", "location": "123 Main St"})


def test_quiet_hours_follow_the_observed_time(places, ordinances, settings):
    settings.NOISE_COMPLAINT_MAX_AGE_DAYS = 400
    now = timezone.localtime()
    night = now.replace(hour=23, minute=30) - timedelta(days=1)
    noon = now.replace(hour=12, minute=0) - timedelta(days=1)
    assert complaint_file(location="456 Oak Ave", noise_type="party", actor="t",
                          observed_at=night).complaint.in_quiet_hours is True
    assert complaint_file(location="456 Oak Ave", noise_type="party", actor="t",
                          observed_at=noon).complaint.in_quiet_hours is False


def test_specific_ordinance_applies_to_its_noise_type(places, ordinances):
    filing = complaint_file(location="456 Oak Ave", noise_type="construction", actor="t")
    assert filing.ordinance == ordinances.r1_construction


def test_no_ordinance_still_files_the_complaint(places, ordinances):
    filing = complaint_file(location="Old Pier", noise_type="fireworks", actor="t")
    assert (filing.ordinance, filing.complaint.zone, filing.complaint.in_quiet_hours) == (None, "", False)


def test_repeats_link_to_the_first_complaint_of_the_window(places, ordinances):
    first = complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint
    second = complaint_file(location="456 oak avenue", noise_type="loud_music", actor="t")
    third = complaint_file(location="456 Oak Ave.", noise_type="loud_music", actor="t")
    assert second.complaint.repeat_of == first and third.complaint.repeat_of == first
    assert [c.case_number for c in third.earlier] == [number(1), number(2)]
    assert NoiseLocation.objects.get().complaint_count == 3
    assert [u.note for u in first.updates.all()] == [
        "Complaint filed.",
        f"Repeat complaint {number(2)} filed about 456 Oak Ave.",
        f"Repeat complaint {number(3)} filed about 456 Oak Ave.",
    ]
    assert third.complaint.updates.get().note == (
        f"Complaint filed. Repeat complaint about 456 Oak Ave: linked to {number(1)}.")


def test_complaints_outside_the_window_are_not_linked(places, ordinances, settings):
    old = complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint
    Complaint.objects.filter(pk=old.pk).update(filed_at=timezone.now() - timedelta(days=31))
    filing = complaint_file(location="456 Oak Ave", noise_type="party", actor="t")
    assert (filing.complaint.repeat_of, filing.earlier) == (None, [])
    settings.NOISE_REPEAT_WINDOW_DAYS = 40
    assert complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint.repeat_of == old


def test_other_addresses_are_not_repeats(places, ordinances):
    complaint_file(location="456 Oak Ave", noise_type="party", actor="t")
    assert complaint_file(location="123 Main St", noise_type="party", actor="t").complaint.repeat_of is None


def test_observed_in_the_future_is_refused_and_nothing_is_written(places, ordinances):
    future = timezone.localtime() + timedelta(hours=2)
    with pytest.raises(ServiceError) as refused:
        complaint_file(location="456 Oak Ave", noise_type="party", actor="t", observed_at=future)
    assert (refused.value.code, refused.value.field) == ("observed_in_future", "observed_at")
    assert refused.value.message == (f"observed_at ({future.isoformat()}) is in the future; give the time the noise "
                                     "was heard, or leave it out for now.")
    assert counts() == (0, 0, 0, 0, 0)


def test_a_few_minutes_of_clock_skew_is_forgiven(places, ordinances):
    filing = complaint_file(location="456 Oak Ave", noise_type="party", actor="t",
                            observed_at=timezone.now() + timedelta(minutes=3))
    assert filing.complaint.observed_at <= filing.complaint.filed_at


def test_observed_too_long_ago_is_refused(places, ordinances):
    old = timezone.localtime() - timedelta(days=31)
    with pytest.raises(ServiceError) as refused:
        complaint_file(location="456 Oak Ave", noise_type="party", actor="t", observed_at=old)
    assert refused.value.code == "observed_too_long_ago"
    assert refused.value.message == (f"observed_at ({old.isoformat()}) is more than 30 days ago; complaints must be "
                                     "filed within 30 days of the noise.")
    assert counts() == (0, 0, 0, 0, 0)


def test_unknown_place_is_refused_and_nothing_is_written(places, ordinances):
    with pytest.raises(ServiceError) as refused:
        complaint_file(location="1 Nowhere Lane", noise_type="party", actor="t")
    assert refused.value.code == "unknown_place"
    assert counts() == (0, 0, 0, 0, 0)


def test_idempotency_key_returns_the_first_case(places, ordinances):
    first = complaint_file(location="456 Oak Ave", noise_type="party", actor="t", idempotency_key="k-1")
    again = complaint_file(location="456 Oak Ave", noise_type="party", actor="t", idempotency_key="k-1")
    assert (first.replayed, again.replayed) == (False, True)
    assert again.complaint == first.complaint
    assert counts() == (1, 1, 1, 0, 1)


def test_case_numbers_continue_above_existing_ones(places, ordinances):
    complaint_file(location="456 Oak Ave", noise_type="party", actor="t")
    Complaint.objects.filter(case_number=number(1)).update(case_number=number(41))
    ReferenceSequence.objects.filter(prefix="NC").delete()
    assert complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint.case_number == number(42)
    assert case_number_allocate(year=1999) == "NC-1999-000001"
    assert case_number_allocate(year=1999) == "NC-1999-000002"


def test_status_moves_along_the_timeline(places, ordinances):
    case = complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint.case_number
    change = complaint_status_update(case_number=case.lower(), status="assigned", actor="staff:kim",
                                     assigned_to="Officer Kim", note="Patrol car 12.")
    assert (change.old_status, change.changed, change.complaint.status, change.complaint.assigned_to) == (
        "filed", True, "assigned", "Officer Kim")
    complaint_status_update(case_number=case, status="investigating", actor="staff:kim")
    complaint_status_update(case_number=case, status="resolved", actor="staff:kim", note="Music turned down.")
    complaint = Complaint.objects.get(case_number=case)
    assert [(u.status, u.note) for u in complaint.updates.all()] == [
        ("filed", "Complaint filed."),
        ("assigned", "Assigned to Officer Kim. Patrol car 12."),
        ("investigating", ""),
        ("resolved", "Music turned down."),
    ]
    events = list(Event.objects.filter(type="complaint.status_changed").values_list("data", flat=True))
    assert events == [
        {"case_number": case, "old_status": "filed", "status": "assigned"},
        {"case_number": case, "old_status": "assigned", "status": "investigating"},
        {"case_number": case, "old_status": "investigating", "status": "resolved"},
    ]


def test_same_status_again_changes_nothing(places, ordinances):
    case = complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint.case_number
    before = counts()
    change = complaint_status_update(case_number=case, status="filed", actor="t")
    assert (change.changed, change.old_status) == (False, "filed")
    assert counts() == before


def test_refused_transition_names_the_allowed_ones(places, ordinances):
    case = complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint.case_number
    before = counts()
    with pytest.raises(ServiceError) as refused:
        complaint_status_update(case_number=case, status="resolved", actor="t")
    assert (refused.value.code, refused.value.field) == ("invalid_transition", "status")
    assert refused.value.message == (f"Complaint {case} is filed and cannot move to resolved. From filed it can move "
                                     "to: assigned, investigating, closed, unfounded.")
    assert counts() == before
    assert Complaint.objects.get().status == "filed"


def test_final_statuses_are_final(places, ordinances):
    case = complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint.case_number
    complaint_status_update(case_number=case, status="unfounded", actor="t")
    with pytest.raises(ServiceError) as refused:
        complaint_status_update(case_number=case, status="investigating", actor="t")
    assert refused.value.message == (f"Complaint {case} is unfounded, which is final; file a new complaint if the "
                                     "noise is back.")


def test_status_of_an_unknown_case(db):
    with pytest.raises(ServiceError) as refused:
        complaint_status_update(case_number="NC-2026-000999", status="assigned", actor="t")
    assert (refused.value.code, refused.value.field) == ("complaint_not_found", "case_number")


def test_warning_and_citation(places, ordinances):
    case = complaint_file(location="456 Oak Ave", noise_type="construction", actor="t").complaint.case_number
    complaint_status_update(case_number=case, status="investigating", actor="t")
    warning = enforcement_action_issue(case_number=case, kind="warning", actor="staff:kim", note="First visit.")
    citation = enforcement_action_issue(case_number=case, kind="citation", actor="staff:kim")
    custom = enforcement_action_issue(case_number=case, kind="citation", actor="staff:kim", fine=Decimal("125.5"))
    assert [(a.kind, a.fine) for a in (warning, citation, custom)] == [
        ("warning", Decimal("0.00")), ("citation", Decimal("500.00")), ("citation", Decimal("125.50"))]
    notes = list(Complaint.objects.get().updates.values_list("note", flat=True))[-3:]
    assert notes == ["Warning issued. First visit.", "Citation issued with a fine of $500.00.",
                     "Citation issued with a fine of $125.50."]


def test_enforcement_refusals_change_nothing(places, ordinances):
    case = complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint.case_number
    before = counts()
    with pytest.raises(ServiceError) as refused:
        enforcement_action_issue(case_number=case, kind="warning", actor="t")
    assert refused.value.message == (f"Complaint {case} is filed; enforcement actions are recorded only while a "
                                     "complaint is assigned, investigating or resolved.")
    complaint_status_update(case_number=case, status="assigned", actor="t")
    before = counts()
    with pytest.raises(ServiceError) as refused:
        enforcement_action_issue(case_number=case, kind="warning", actor="t", fine=Decimal("10"))
    assert (refused.value.code, refused.value.message) == (
        "fine_not_allowed", "A warning carries no fine; leave fine out or issue a citation instead.")
    assert counts() == before


def test_citation_without_an_ordinance_needs_a_fine(places, ordinances):
    case = complaint_file(location="Old Pier", noise_type="fireworks", actor="t").complaint.case_number
    complaint_status_update(case_number=case, status="assigned", actor="t")
    with pytest.raises(ServiceError) as refused:
        enforcement_action_issue(case_number=case, kind="citation", actor="t")
    assert (refused.value.code, refused.value.message) == (
        "fine_required", f"No ordinance fine applies to complaint {case}; give the citation's fine explicitly.")
    assert enforcement_action_issue(case_number=case, kind="citation", actor="t", fine=Decimal("80")).fine == 80
