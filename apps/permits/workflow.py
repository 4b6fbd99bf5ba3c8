"""The application timeline: which status may follow which, and what each step needs.

One table, read by the service that moves applications, the admin actions, the staff tool
and the status answers ("what can happen next"), so none of them keeps its own copy.
"""
from apps.permits.models import PermitApplication

Status = PermitApplication.Status

TRANSITIONS: dict[str, tuple[str, ...]] = {
    # Corrections straight from "submitted": how staff ask for documents an application arrived
    # without (it cannot enter review until they are on file).
    Status.SUBMITTED: (Status.IN_REVIEW, Status.CORRECTIONS_REQUESTED, Status.REJECTED, Status.WITHDRAWN),
    Status.IN_REVIEW: (Status.CORRECTIONS_REQUESTED, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN),
    Status.CORRECTIONS_REQUESTED: (Status.IN_REVIEW, Status.REJECTED, Status.WITHDRAWN),
    Status.APPROVED: (Status.ISSUED, Status.WITHDRAWN),
    Status.ISSUED: (Status.INSPECTIONS, Status.FINALED, Status.WITHDRAWN),
    Status.INSPECTIONS: (Status.FINALED,),
    Status.FINALED: (),
    Status.REJECTED: (),
    Status.WITHDRAWN: (),
}

# Statuses whose timeline entry must say why, because the applicant has to act on it.
NOTE_REQUIRED = frozenset({Status.CORRECTIONS_REQUESTED, Status.REJECTED})

# Statuses in which inspections may be booked.
INSPECTABLE = frozenset({Status.ISSUED, Status.INSPECTIONS})

NEXT_STEP = {
    Status.SUBMITTED: "The permit office will start reviewing the application once every required "
                      "document is on file.",
    Status.IN_REVIEW: "Plans are being reviewed; you will hear back within the review period.",
    Status.CORRECTIONS_REQUESTED: "Send the corrections the reviewer asked for; review resumes when "
                                  "they arrive.",
    Status.APPROVED: "Pay any outstanding fees; the permit is issued once payment is recorded.",
    Status.ISSUED: "Work may start; schedule the first inspection with schedule_inspection.",
    Status.INSPECTIONS: "Book each remaining inspection with schedule_inspection as work reaches it.",
    Status.FINALED: "All inspections passed and the permit is closed. Nothing more to do.",
    Status.REJECTED: "The application was rejected; read the note, then submit a new application "
                     "if the project changes.",
    Status.WITHDRAWN: "The application was withdrawn. Submit a new application to start again.",
}


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_final(status: str) -> bool:
    return not allowed_next(status)


def can_move(current: str, target: str) -> bool:
    return target in allowed_next(current)


def label(status: str) -> str:
    return Status(status).label
