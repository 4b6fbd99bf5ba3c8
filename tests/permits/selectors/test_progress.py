"""Answers that tell time right: overdue fees, inspections whose day has passed, review targets, next steps.

The suite runs on a frozen 2026-11-24; these tests also move the clock past the record's
dates (the `clock_at` fixture, civicmind.clock) so nothing is true only on one day.
"""
import datetime as dt

from apps.permits.models import Inspection
from apps.permits.selectors import permit_application_get, permit_application_report
from apps.permits.services import permit_application_fees_pay
from apps.permits.answers import render_application_status
from tests.permits.helpers import advance, issued_deck, local, submit_deck


def report_for(reference):
    return permit_application_report(permit_application_get(reference=reference))


def test_an_approved_permit_with_every_fee_paid_is_not_told_to_pay(deck_type, places):
    application = advance(submit_deck(), "in_review", "approved")
    permit_application_fees_pay(reference=application.reference)
    report = report_for(application.reference)
    assert report["fees"]["outstanding"] == 0
    assert report["next_step"] == ("Every fee is paid; the permit office issues the permit next. Nothing for you "
                                   "to do yet.")
    assert "Pay" not in render_application_status(report).split("📞 **Next Step:**")[1]


def test_fees_past_their_due_date_are_flagged_overdue(deck_type, places, clock_at):
    application = advance(submit_deck(), "in_review", "approved")  # submitted 2026-11-24: due 2026-12-01
    report = report_for(application.reference)
    assert (report["fees"]["due_on"], report["fees"]["days_overdue"]) == (dt.date(2026, 12, 1), 0)
    assert "- Outstanding: $325, due Tuesday, December 1 (in 7 days)" in render_application_status(report)
    clock_at(dt.date(2026, 12, 4))
    report = report_for(application.reference)
    assert report["fees"]["days_overdue"] == 3
    text = render_application_status(report)
    assert "- ⚠️ OVERDUE — Outstanding: $325, due Tuesday, December 1 — overdue by 3 days" in text
    assert report["next_step"] == ("Pay the outstanding fees of $325.00 with pay_permit_fees (due Tuesday, "
                                   "December 1 — overdue by 3 days). The permit is issued once they are paid.")


def test_paid_fees_are_never_overdue(deck_type, places, clock_at):
    application = advance(submit_deck(), "in_review", "approved")
    permit_application_fees_pay(reference=application.reference)
    clock_at(dt.date(2026, 12, 20))
    assert report_for(application.reference)["fees"]["days_overdue"] == 0


def test_an_inspection_whose_day_has_passed_awaits_its_result(deck_type, places, inspectors, clock_at):
    application = issued_deck()
    foundation = deck_type.inspection_types.get(code="foundation")
    Inspection.objects.create(application=application, inspection_type=foundation, inspector=inspectors.maria,
                              scheduled_for=local(2026, 12, 2, 9))
    report = report_for(application.reference)
    assert report["inspections"][0]["when"] == "upcoming"
    assert "- Foundation: Scheduled — Wednesday, December 2 at 9:00 AM (Maria Lopez)" in \
        render_application_status(report)
    clock_at(dt.date(2026, 12, 2))
    assert report_for(application.reference)["inspections"][0]["when"] == "today"
    clock_at(dt.date(2026, 12, 3))
    report = report_for(application.reference)
    assert report["inspections"][0]["when"] == "awaiting_result"
    text = render_application_status(report)
    assert "- Foundation: Date passed — awaiting result — Wednesday, December 2 at 9:00 AM (Maria Lopez)" in text
    assert report["next_step"] == (
        "The foundation inspection booked for Wednesday, December 2 at 9:00 AM has passed its date and awaits the "
        "inspector's result; the permit office records it, or call them if it did not take place.")
    assert "is booked for" not in report["next_step"]


def test_a_review_past_its_target_is_flagged(deck_type, places, clock_at):
    application = advance(submit_deck(), "in_review")  # deck reviews take 14-21 days
    report = report_for(application.reference)
    assert (report["review_due_on"], report["review_days_overdue"]) == (dt.date(2026, 12, 15), 0)
    clock_at(dt.date(2026, 12, 18))
    report = report_for(application.reference)
    assert report["review_days_overdue"] == 3
    assert "- ⚠️ Review Target: Tuesday, December 15 — overdue by 3 days" in render_application_status(report)
    approved = advance(application, "approved")
    assert report_for(approved.reference)["review_due_on"] is None  # the review is over


def test_when_every_inspection_passed_nothing_more_is_to_book(deck_type, places, inspectors):
    application = issued_deck()
    for day, kind in enumerate(deck_type.inspection_types.all(), start=16):
        Inspection.objects.create(application=application, inspection_type=kind, inspector=inspectors.maria,
                                  scheduled_for=local(2026, 11, day, 9), status=Inspection.Status.PASSED)
    assert report_for(application.reference)["next_step"] == (
        "Every required inspection has passed; the permit office finals the permit next. Nothing more for you "
        "to book.")
