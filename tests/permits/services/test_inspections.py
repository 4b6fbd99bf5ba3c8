"""Booking inspections from the inspector calendar, recording results, concurrency."""
import datetime as dt
import threading

import pytest
from django.db import connection

from apps.core.errors import ServiceError
from apps.events.models import Event
from apps.permits.models import Inspection, InspectorAbsence, PermitApplication, TimelineEntry
from apps.permits.services import inspection_cancel, inspection_record_result, inspection_schedule
from tests.permits.helpers import advance, issued_deck, local, make_closure, submit_deck

FRIDAY = dt.date(2026, 12, 4)
MONDAY = dt.date(2026, 12, 7)


def booking_error(reference, inspection_type="foundation", preferred_date=None) -> ServiceError:
    before = (Inspection.objects.count(), Event.objects.count(), TimelineEntry.objects.count())
    with pytest.raises(ServiceError) as caught:
        inspection_schedule(reference=reference, inspection_type=inspection_type, preferred_date=preferred_date)
    assert (Inspection.objects.count(), Event.objects.count(), TimelineEntry.objects.count()) == before
    return caught.value


def test_first_booking_takes_the_next_business_day_and_starts_inspections(deck_type, places, inspectors,
                                                                           frozen_today):
    application = issued_deck()
    frozen_today(FRIDAY)
    booking = inspection_schedule(reference=application.reference, inspection_type="Foundation", actor="resident")
    inspection = booking.inspection
    assert booking.created is True
    assert (inspection.scheduled_for, inspection.inspector, inspection.status) == (local(2026, 12, 7, 9),
                                                                                   inspectors.maria, "scheduled")
    assert inspection.requested_by == "resident"
    application.refresh_from_db()
    assert application.status == "inspections"
    assert application.timeline.last().note == "Foundation inspection scheduled for 2026-12-07 09:00."
    changed = Event.objects.filter(type="permit.status_changed").last()
    assert changed.data == {"reference": application.reference, "permit_type": "residential_deck",
                            "old_status": "issued", "status": "inspections"}
    scheduled = Event.objects.get(type="inspection.scheduled")
    assert scheduled.data == {"reference": application.reference, "inspection_type": "foundation",
                              "scheduled_for": "2026-12-07T17:00:00Z", "inspector": "Maria Lopez"}


def test_later_bookings_fill_the_calendar_in_order(deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    slots = []
    for _ in range(9):  # two active inspectors x four slots a day, then Tuesday
        booking = inspection_schedule(reference=issued_deck().reference, inspection_type="foundation")
        slots.append((booking.inspection.scheduled_for, booking.inspection.inspector.name))
    assert slots == [
        (local(2026, 12, 7, 9), "Maria Lopez"), (local(2026, 12, 7, 9), "James Chen"),
        (local(2026, 12, 7, 11), "Maria Lopez"), (local(2026, 12, 7, 11), "James Chen"),
        (local(2026, 12, 7, 13), "Maria Lopez"), (local(2026, 12, 7, 13), "James Chen"),
        (local(2026, 12, 7, 15), "Maria Lopez"), (local(2026, 12, 7, 15), "James Chen"),
        (local(2026, 12, 8, 9), "Maria Lopez"),
    ]


def test_closures_absences_and_preferred_dates(deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    make_closure(MONDAY)
    InspectorAbsence.objects.create(inspector=inspectors.maria, date=dt.date(2026, 12, 8))
    first = inspection_schedule(reference=issued_deck().reference, inspection_type="foundation").inspection
    assert (first.scheduled_for, first.inspector.name) == (local(2026, 12, 8, 9), "James Chen")
    preferred = inspection_schedule(reference=issued_deck().reference, inspection_type="foundation",
                                    preferred_date=dt.date(2026, 12, 12))  # a Saturday
    assert preferred.inspection.scheduled_for == local(2026, 12, 14, 9)
    assert preferred.preferred_date == dt.date(2026, 12, 12)


def test_asking_again_returns_the_same_booking(deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    application = issued_deck()
    first = inspection_schedule(reference=application.reference, inspection_type="foundation")
    events = Event.objects.count()
    again = inspection_schedule(reference=application.reference, inspection_type="foundation")
    assert (again.created, again.inspection.pk) == (False, first.inspection.pk)
    assert Event.objects.count() == events


def test_a_failed_inspection_can_be_booked_again_and_a_passed_one_cannot(deck_type, places, inspectors,
                                                                          frozen_today):
    frozen_today(FRIDAY)
    application = issued_deck()
    first = inspection_schedule(reference=application.reference, inspection_type="foundation").inspection
    inspection_record_result(inspection_id=first.pk, passed=False, note="Footings too shallow.")
    second = inspection_schedule(reference=application.reference, inspection_type="foundation").inspection
    assert second.pk != first.pk
    assert second.scheduled_for == local(2026, 12, 7, 9)  # a failed booking keeps its slot in the records
    assert second.inspector == inspectors.james
    inspection_record_result(inspection_id=second.pk, passed=True)
    error = booking_error(application.reference)
    assert error.code == "inspection_already_passed"
    assert error.message == (f"The foundation inspection for {application.reference} already passed on "
                             f"{FRIDAY.isoformat()}; schedule the next one.")


def test_cancelling_frees_the_slot(deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    inspectors.james.is_active = False
    inspectors.james.save()
    first = inspection_schedule(reference=issued_deck().reference, inspection_type="foundation").inspection
    inspection_cancel(inspection_id=first.pk, note="Owner away.")
    second = inspection_schedule(reference=issued_deck().reference, inspection_type="foundation").inspection
    assert second.scheduled_for == first.scheduled_for == local(2026, 12, 7, 9)
    with pytest.raises(ServiceError) as caught:
        inspection_cancel(inspection_id=first.pk)
    assert caught.value.message == f"Inspection #{first.pk} is cancelled; only a scheduled inspection can be cancelled."


@pytest.mark.parametrize("statuses, message", [
    ((), "is Submitted; inspections can be scheduled once the permit is issued."),
    (("in_review", "approved"), "is Approved; inspections can be scheduled once the permit is issued."),
    (("withdrawn",), "is Withdrawn; no further inspections can be scheduled."),
])
def test_refused_before_issue_and_after_the_end(deck_type, places, inspectors, statuses, message):
    application = advance(submit_deck(), *statuses)
    error = booking_error(application.reference)
    assert error.code == "not_issued"
    assert error.message == f"Application {application.reference} {message}"


def test_unknown_inspection_type_lists_the_permits_ones(deck_type, places, inspectors):
    error = booking_error(issued_deck().reference, inspection_type="plumbing")
    assert error.code == "unknown_inspection_type"
    assert error.message == ("A Residential Deck Permit has no \"plumbing\" inspection. Inspections for this permit: "
                             "foundation, framing, final.")


def test_preferred_date_limits(deck_type, places, inspectors, frozen_today, settings):
    frozen_today(FRIDAY)
    settings.PERMITS_INSPECTION_HORIZON_DAYS = 10
    reference = issued_deck().reference
    error = booking_error(reference, preferred_date=dt.date(2026, 12, 3))
    assert (error.code, error.message) == ("preferred_date_past",
                                           "preferred_date 2026-12-03 is in the past; give today or a later date.")
    error = booking_error(reference, preferred_date=dt.date(2026, 12, 15))
    assert error.message == ("preferred_date 2026-12-15 is more than 10 days ahead; inspections are booked up to "
                             "2026-12-14.")
    today = inspection_schedule(reference=reference, inspection_type="foundation", preferred_date=FRIDAY)
    assert today.inspection.scheduled_for == local(2026, 12, 7, 9)  # no same-day inspections


def test_no_free_inspector_in_the_horizon(deck_type, places, inspectors, frozen_today, settings):
    frozen_today(FRIDAY)
    settings.PERMITS_INSPECTION_HORIZON_DAYS = 3  # Monday only
    settings.PERMITS_INSPECTION_SLOT_TIMES = ["09:00"]
    inspection_schedule(reference=issued_deck().reference, inspection_type="foundation")
    inspection_schedule(reference=issued_deck().reference, inspection_type="foundation")
    error = booking_error(issued_deck().reference)
    assert error.message == ("No inspector is free between 2026-12-07 and 2026-12-07; call the permit office to "
                             "book by hand.")


def test_booking_query_count(deck_type, places, inspectors, frozen_today, django_assert_max_num_queries):
    frozen_today(FRIDAY)
    application = issued_deck()
    for _ in range(5):
        inspection_schedule(reference=issued_deck().reference, inspection_type="foundation")
    with django_assert_max_num_queries(20):  # 18 on SQLite; the outbox lock adds one on PostgreSQL
        inspection_schedule(reference=application.reference, inspection_type="foundation")


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_share_a_slot(places, frozen_today):
    from apps.permits.models import Inspector
    from tests.permits.helpers import make_deck_type

    make_deck_type()
    Inspector.objects.create(name="Only Inspector")
    frozen_today(FRIDAY)
    references = [issued_deck().reference for _ in range(5)]
    results, errors = [], []
    barrier = threading.Barrier(len(references))

    def book(reference):
        try:
            barrier.wait()
            results.append(inspection_schedule(reference=reference, inspection_type="foundation").inspection
                           .scheduled_for)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(reference,)) for reference in references]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [local(2026, 12, 7, 9), local(2026, 12, 7, 11), local(2026, 12, 7, 13),
                               local(2026, 12, 7, 15), local(2026, 12, 8, 9)]
    assert PermitApplication.objects.filter(status="inspections").count() == 5


def test_inspections_follow_the_permit_types_order(deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    application = issued_deck()
    error = booking_error(application.reference, "final")
    assert error.code == "inspection_out_of_order"
    assert error.message == (
        f"The final inspection for {application.reference} cannot be booked yet: the foundation inspection must "
        "pass first (foundation → framing → final). Book the foundation inspection (inspection_type "
        "\"foundation\").")
    assert (error.field, error.details) == ("inspection_type", {"must_pass_first": "foundation"})
    foundation = inspection_schedule(reference=application.reference, inspection_type="foundation").inspection
    error = booking_error(application.reference, "framing")
    assert error.message == (
        f"The framing inspection for {application.reference} cannot be booked yet: the foundation inspection "
        "must pass first (foundation → framing → final); it is booked for 2026-12-07 09:00 and awaits its "
        "result.")
    inspection_record_result(inspection_id=foundation.pk, passed=True)
    assert booking_error(application.reference, "final").details == {"must_pass_first": "framing"}
    framing = inspection_schedule(reference=application.reference, inspection_type="framing")
    assert framing.created is True


def test_an_optional_inspection_never_blocks_the_next(business_type, places, inspectors, frozen_today):
    from apps.permits.models import InspectionType
    from tests.permits.helpers import inspection_type

    frozen_today(FRIDAY)
    InspectionType.objects.filter(permit_type=business_type, code="health").update(sequence=0)
    inspection_type(business_type, "closing", "Closing walk-through", seq=3)
    from apps.permits.services import permit_application_submit
    from tests.permits.helpers import upload

    application = permit_application_submit(
        permit_type="business_license", property_address="Main St", project_description="Bookshop",
        applicant="Ann Lee", documents=[upload("registration.pdf")], serves_alcohol=False)
    application = advance(application, "in_review", "approved", "issued")
    assert booking_error(application.reference, "closing").details == {"must_pass_first": "fire_safety"}
    assert inspection_schedule(reference=application.reference, inspection_type="fire_safety").created
