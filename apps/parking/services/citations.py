"""Citation writes: reports, issuing, contests and staff decisions.

Each function is one state change in one transaction that also records its event, so
the MCP tools and the admin actions behave the same and a rolled-back change never
announces itself.
"""
import functools
import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.idempotency import request_fingerprint
from apps.events.services import event_emit
from apps.parking import errors
from apps.parking.errors import ParkingErrorCode
from apps.parking.fees import contest_window_open, due_date_after_contest, due_date_for
from apps.parking.locks import citation_lock, citations_lock
from apps.parking.models import Citation, ViolationType
from apps.parking.parsing import long_date
from apps.parking.photos import Photo, photo_content, photo_delete
from apps.parking.selectors import (
    citation_contest_deadline,
    citation_get_by_report_key,
    local_day,
    violation_type_resolve,
)
from apps.parking.services.numbers import citation_number_next
from apps.places.selectors import place_resolve

EVENT_DOMAIN = "parking"
CLOCK_SKEW = timedelta(minutes=5)
MAX_OBSERVATION_AGE_DAYS = 30


def violation_event(type: str, citation: Citation, **extra) -> None:
    """Record a violation.* event carrying the identifiers the catalogue lists."""
    data = {
        "violation_id": citation.pk,
        "citation_number": citation.citation_number,
        "license_plate": citation.license_plate,
        "violation_type": citation.violation_type.code,
        "location": citation.location,
        "status": citation.status,
    }
    data.update(extra)
    event_emit(type=type, domain=EVENT_DOMAIN, data=data)


def _check_observed_at(observed_at: datetime | None) -> datetime:
    now = timezone.now()
    if observed_at is None:
        return now
    if observed_at > now + CLOCK_SKEW:
        raise ServiceError(ParkingErrorCode.OBSERVED_AT_INVALID, errors.OBSERVED_AT_FUTURE, field="observed_at")
    if observed_at < now - timedelta(days=MAX_OBSERVATION_AGE_DAYS):
        raise ServiceError(ParkingErrorCode.OBSERVED_AT_INVALID,
                           errors.OBSERVED_AT_TOO_OLD.format(days=MAX_OBSERVATION_AGE_DAYS), field="observed_at")
    return observed_at


def _resolve_place(location: str):
    """Resolve the location, trying the part before a comma ("123 Main St, Zone A") too."""
    try:
        return place_resolve(query=location)
    except ServiceError:
        head = location.split(",", 1)[0]
        if head.strip() and head != location:
            try:
                return place_resolve(query=head)
            except ServiceError:
                pass
        raise


def _create(*, license_plate: str, violation_type: ViolationType, location: str, observed_at: datetime,
            status: str, source: str, description: str, notes: str, reporter: str, photo: Photo | None,
            actor: str, **keyed) -> Citation:
    place = _resolve_place(location)
    now = timezone.now()
    citation = Citation(
        citation_number=citation_number_next(), license_plate=license_plate, violation_type=violation_type,
        location=location.strip(), place=place if place.pk else None, observed_at=observed_at,
        fine=violation_type.fine, status=status, source=source, description=description, notes=notes,
        reporter=reporter, created_by=actor, **keyed,
    )
    if status == Citation.Status.ISSUED:
        citation.issued_at = now
        citation.due_date = due_date_for(issued_on=local_day(now), due_days=settings.PARKING_PAYMENT_DUE_DAYS)
    stored = ""
    try:
        if photo is not None:
            content = photo_content(photo)
            citation.photo.save(content.name, content, save=False)
            stored = citation.photo.name
        citation.save()
        violation_event("violation.created", citation, fine=str(citation.fine), source=source,
                        observed_at=observed_at.isoformat())
    except BaseException:
        # The row is rolled back with the transaction; the file must go with it.
        photo_delete(stored)
        raise
    return citation


def report_fingerprint(*, license_plate: str, violation_type: str, location: str, description: str,
                       observed_at: datetime | None, photo: Photo | None, reporter: str) -> str:
    """Return a digest of what a report says, to tell a retry from a different report under one key."""
    return request_fingerprint({
        "plate": license_plate, "type": violation_type, "location": location.strip(), "description": description,
        "observed_at": observed_at.isoformat() if observed_at else None,
        "photo": hashlib.sha256(photo.content).hexdigest() if photo else None, "reporter": reporter})


def _report_replay(previous: Citation, fingerprint: str) -> Citation:
    if previous.request_fingerprint != fingerprint:
        raise ServiceError(ParkingErrorCode.IDEMPOTENCY_KEY_REUSED,
                           errors.REPORT_KEY_REUSED.format(number=previous.citation_number),
                           field="idempotency_key")
    return previous


@transaction.atomic
def citation_report(*, license_plate: str, violation_type: str, location: str, description: str = "",
                    observed_at: datetime | None = None, photo: Photo | None = None, reporter: str = "",
                    idempotency_key: str | None = None, actor: str = "") -> Citation:
    """Record a resident's report as a citation in `reported` state for staff review.

    With an idempotency key, a retry of the same report returns the first one instead of
    filing a duplicate (a unique key, so concurrent retries agree on one row).
    """
    kind = violation_type_resolve(value=violation_type)
    fingerprint = report_fingerprint(license_plate=license_plate, violation_type=kind.code, location=location,
                                     description=description, observed_at=observed_at, photo=photo,
                                     reporter=reporter)
    if idempotency_key:
        previous = citation_get_by_report_key(idempotency_key=idempotency_key)
        if previous is not None:
            return _report_replay(previous, fingerprint)
    observed = _check_observed_at(observed_at)
    create = functools.partial(
        _create, license_plate=license_plate, violation_type=kind, location=location, observed_at=observed,
        status=Citation.Status.REPORTED, source=Citation.Source.RESIDENT_REPORT, description=description, notes="",
        reporter=reporter, photo=photo, actor=actor, idempotency_key=idempotency_key or None,
        request_fingerprint=fingerprint)
    if not idempotency_key:
        return create()
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        previous = citation_get_by_report_key(idempotency_key=idempotency_key)
        if previous is None:
            raise
        return _report_replay(previous, fingerprint)  # the same key, committed a moment ago by a retry


@transaction.atomic
def citation_issue(*, license_plate: str, violation_type: str, location: str,
                   observed_at: datetime | None = None, notes: str = "", photo: Photo | None = None,
                   actor: str = "") -> Citation:
    """Issue a citation directly (an officer on the street); payment is due in PARKING_PAYMENT_DUE_DAYS."""
    kind = violation_type_resolve(value=violation_type)
    observed = _check_observed_at(observed_at)
    return _create(license_plate=license_plate, violation_type=kind, location=location, observed_at=observed,
                   status=Citation.Status.ISSUED, source=Citation.Source.OFFICER, description="", notes=notes,
                   reporter="", photo=photo, actor=actor)


def _refuse(citation: Citation, action: str):
    return ServiceError(ParkingErrorCode.INVALID_TRANSITION,
                        errors.INVALID_TRANSITION.format(number=citation.citation_number,
                                                         status=citation.get_status_display().lower(),
                                                         action=action),
                        details={"status": citation.status})


def _change_status(citation: Citation, status: str, *, actor: str, note: str = "", **fields) -> Citation:
    old_status = citation.status
    citation.status = status
    citation.decided_at = timezone.now()
    citation.decided_by = actor
    if note:
        citation.decision_note = note
    for name, value in fields.items():
        setattr(citation, name, value)
    citation.save()
    violation_event("violation.status_changed", citation, old_status=old_status, actor=actor)
    return citation


@transaction.atomic
def citation_issue_reported(*, citation_id: int, actor: str, note: str = "") -> Citation:
    """Turn a reviewed resident report into an issued citation, due in PARKING_PAYMENT_DUE_DAYS."""
    citation = citation_lock(pk=citation_id)
    if citation.status != Citation.Status.REPORTED:
        raise _refuse(citation, "issued")
    now = timezone.now()
    return _change_status(citation, Citation.Status.ISSUED, actor=actor, note=note, issued_at=now,
                          due_date=due_date_for(issued_on=local_day(now),
                                                due_days=settings.PARKING_PAYMENT_DUE_DAYS))


@transaction.atomic
def citation_dismiss(*, citation_id: int, actor: str, note: str = "") -> Citation:
    """Dismiss a report or an issued citation: nothing is owed."""
    citation = citation_lock(pk=citation_id)
    if citation.status not in (Citation.Status.REPORTED, Citation.Status.ISSUED):
        raise _refuse(citation, "dismissed")
    return _change_status(citation, Citation.Status.DISMISSED, actor=actor, note=note)


@transaction.atomic
def citation_void(*, citation_id: int, actor: str, note: str = "") -> Citation:
    """Void a citation issued in error (any state but paid or already closed)."""
    citation = citation_lock(pk=citation_id)
    if citation.status not in (Citation.Status.REPORTED, Citation.Status.ISSUED, Citation.Status.CONTESTED):
        raise _refuse(citation, "voided")
    return _change_status(citation, Citation.Status.VOID, actor=actor, note=note)


@transaction.atomic
def citation_contest(*, citation_number: str, license_plate: str, reason: str, evidence: str = "",
                     actor: str = "") -> Citation:
    """Contest an issued citation within the contest window; late fees pause until staff decide."""
    locked = citations_lock(citation_numbers=[citation_number])
    citation = locked[0] if locked else None
    if citation is None or citation.license_plate != license_plate:
        raise ServiceError(ParkingErrorCode.CITATION_NOT_FOUND,
                           errors.CITATION_NOT_FOUND.format(number=citation_number, plate=license_plate),
                           field="citation_number")
    if citation.status != Citation.Status.ISSUED:
        filed = long_date(local_day(citation.contested_at)) if citation.contested_at else ""
        raise ServiceError(ParkingErrorCode.NOT_CONTESTABLE,
                           errors.NOT_CONTESTABLE[citation.status].format(number=citation_number, filed=filed),
                           field="citation_number", details={"status": citation.status})
    today = timezone.localdate()
    window = settings.PARKING_CONTEST_WINDOW_DAYS
    if not contest_window_open(issued_on=local_day(citation.issued_at), on=today, window_days=window):
        deadline = citation_contest_deadline(citation)
        raise ServiceError(ParkingErrorCode.CONTEST_WINDOW_CLOSED,
                           errors.CONTEST_WINDOW_CLOSED.format(number=citation_number, deadline=long_date(deadline),
                                                               days=window),
                           field="citation_number", details={"deadline": deadline.isoformat()})
    citation.status = Citation.Status.CONTESTED
    citation.contested_at = timezone.now()
    citation.contest_reason = reason
    citation.contest_evidence = evidence
    citation.save()
    violation_event("violation.contested", citation, reason=reason)
    return citation


@transaction.atomic
def citation_contest_decide(*, citation_id: int, granted: bool, actor: str, note: str = "") -> Citation:
    """Decide a contest: granted dismisses the citation; denied reinstates it, due date pushed back."""
    citation = citation_lock(pk=citation_id)
    if citation.status != Citation.Status.CONTESTED:
        raise _refuse(citation, "decided as a contest")
    if granted:
        return _change_status(citation, Citation.Status.DISMISSED, actor=actor, note=note)
    new_due = due_date_after_contest(due_date=citation.due_date, contested_on=local_day(citation.contested_at),
                                     decided_on=timezone.localdate())
    return _change_status(citation, Citation.Status.ISSUED, actor=actor, note=note, due_date=new_due)
