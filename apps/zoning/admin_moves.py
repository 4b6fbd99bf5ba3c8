"""The zoning office's workflow moves: buttons on a variance's page and actions in the list.

Each calls the service `decide_variance` and the other staff tools call. Approving or
denying asks for the reason; the applicant reads it as the decision note when they track
the variance.
"""
from apps.core.admin_workflow import Move, ReasonForm, staff_actor
from apps.zoning.models import Variance
from apps.zoning.services import VARIANCE_STATUS, variance_decide, variance_review_start, variance_withdraw

Status = Variance.Status
OPEN = VARIANCE_STATUS.sources(Status.WITHDRAWN)  # every status an application can still be decided from


def _review(request, variance, data):
    variance_review_start(reference=variance.reference, actor=staff_actor(request))


def _decide(decision: str):
    def run(request, variance, data):
        variance_decide(reference=variance.reference, decision=decision, actor=staff_actor(request),
                        note=data["reason"])
    return run


def _withdraw(request, variance, data):
    variance_withdraw(reference=variance.reference, actor=staff_actor(request))


VARIANCE_MOVES = (
    Move("start_review", "Start review", _review, "{count} variance(s) under review.",
         sources=VARIANCE_STATUS.sources(Status.UNDER_REVIEW), log="Review started"),
    Move(f"mark_{Status.APPROVED}", "Approve…", _decide(Status.APPROVED), "{count} variance(s) approved.",
         form=ReasonForm, sources=OPEN, log="Approved"),
    Move(f"mark_{Status.DENIED}", "Deny…", _decide(Status.DENIED), "{count} variance(s) denied.", form=ReasonForm,
         sources=OPEN, log="Denied"),
    Move("withdraw", "Withdraw (at the applicant's request)", _withdraw, "{count} variance(s) withdrawn.",
         sources=OPEN, log="Withdrawn"),
)
