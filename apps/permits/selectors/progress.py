"""What an application's answer says about time and what comes next, computed from its facts.

Why a module of its own: a status answer must not read like a form letter. Whether fees are
paid, whether their due date has passed, whether an inspection booked for a day now behind
us still awaits its result, whether the review target has gone by — each is a fact of the
record compared with the city's `localdate()`, and the next step is chosen from those facts,
never from the status alone ("Pay any outstanding fees" on a paid-up permit).
"""
import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apps.core.wording import days_overdue, due_text, money_text, moment_text
from apps.permits import workflow
from apps.permits.models import Inspection, PermitApplication

Status = PermitApplication.Status

# Statuses in which the permit office's review clock runs against the type's review target.
UNDER_REVIEW = frozenset({Status.SUBMITTED, Status.IN_REVIEW})
# Statuses in which unpaid fees are still owed (a rejected or withdrawn application's are moot).
FEES_OWED = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.CORRECTIONS_REQUESTED, Status.APPROVED,
                       Status.ISSUED, Status.INSPECTIONS})

UPCOMING = "upcoming"
TODAY = "today"
AWAITING_RESULT = "awaiting_result"  # booked for a day now past, no result recorded yet
RECORDED = "recorded"
CANCELLED = "cancelled"
INSPECTION_WHEN = (UPCOMING, TODAY, AWAITING_RESULT, RECORDED, CANCELLED)


def fees_overdue_days(application: PermitApplication, outstanding: Decimal, *, today: dt.date) -> int:
    """Days past the fees' due date while some are unpaid and still owed; 0 otherwise."""
    if outstanding <= 0 or application.status not in FEES_OWED:
        return 0
    return days_overdue(application.fees_due_on, today=today)


def review_target(application: PermitApplication) -> dt.date | None:
    """The day review should be done by (submission + the type's slowest review), while under review."""
    if application.status not in UNDER_REVIEW:
        return None
    submitted = timezone.localdate(application.submitted_at)
    return submitted + dt.timedelta(days=application.permit_type.review_days_max)


def inspection_when(inspection: Inspection, *, today: dt.date) -> str:
    """Where a booking stands against today: upcoming, today, past awaiting its result, or done."""
    if inspection.status == Inspection.Status.CANCELLED:
        return CANCELLED
    if inspection.status != Inspection.Status.SCHEDULED:
        return RECORDED
    day = timezone.localdate(inspection.scheduled_for)
    if day < today:
        return AWAITING_RESULT
    return TODAY if day == today else UPCOMING


def _fees_sentence(fees: dict, *, today: dt.date) -> str:
    return (f"Pay the outstanding fees of {money_text(fees['outstanding'])} with pay_permit_fees (due "
            f"{due_text(fees['due_on'], today=today)}).")


def _inspection_step(application: PermitApplication, remaining: list, *, today: dt.date) -> str:
    if not remaining:
        return ("Every required inspection has passed; the permit office finals the permit next. Nothing more "
                "for you to book.")
    booked = {i.inspection_type_id: i for i in application.inspections.all()
              if i.status == Inspection.Status.SCHEDULED}
    kind = remaining[0]  # inspections go in the type's order: the first not passed is the one due
    inspection = booked.get(kind.pk)
    if inspection is None:
        return (f"Schedule the {kind.name.lower()} inspection {kind.timing} with schedule_inspection "
                f"(inspection_type \"{kind.code}\", with the access code submit_application returned)."
                ).replace("  ", " ")
    name = kind.name.lower()
    if inspection_when(inspection, today=today) == AWAITING_RESULT:
        return (f"The {name} inspection booked for {moment_text(inspection.scheduled_for, today=today)} has "
                "passed its date and awaits the inspector's result; the permit office records it, or call them "
                "if it did not take place.")
    return (f"The {name} inspection is booked for {moment_text(inspection.scheduled_for, today=today)}; have "
            "the work ready for the inspector.")


def next_step(application: PermitApplication, *, missing: list, fees: dict, remaining: list,
              today: dt.date) -> str:
    """Choose the applicant's next step from the record's facts (documents, fees, inspections, dates)."""
    status = application.status
    owes = fees["outstanding"] > 0 and status in FEES_OWED
    if status in (Status.SUBMITTED, Status.CORRECTIONS_REQUESTED) and missing:
        names = "; ".join(doc.name for doc in missing)
        step = f"The application is incomplete. Send the missing documents ({names}) with add_documents."
    elif status == Status.CORRECTIONS_REQUESTED:
        step = ("Send the corrections the reviewer asked for with add_documents; review resumes when they "
                "arrive.")
    elif status == Status.APPROVED:
        if owes:
            return _fees_sentence(fees, today=today) + " The permit is issued once they are paid."
        return "Every fee is paid; the permit office issues the permit next. Nothing for you to do yet."
    elif status in workflow.INSPECTABLE:
        step = _inspection_step(application, remaining, today=today)
    else:
        step = workflow.NEXT_STEP[status]
    return f"{step} {_fees_sentence(fees, today=today)}" if owes else step
