"""The zoning office's workflow moves: buttons on a variance's page and actions in the list.

Each calls the service `decide_variance` and the other staff tools call. Approving or
denying asks for the reason; the applicant reads it as the decision note when they track
the variance.
"""
from apps.core.admin_workflow import Move, ReasonForm, service_call
from apps.zoning.models import Variance
from apps.zoning.services import VARIANCE_STATUS, variance_decide, variance_review_start, variance_withdraw

Status = Variance.Status
OPEN = VARIANCE_STATUS.sources(Status.WITHDRAWN)  # every status an application can still be decided from
_review = service_call(variance_review_start)
_withdraw = service_call(variance_withdraw)


def _decide(decision: str):
    return service_call(variance_decide, decision=decision, with_note=True)  # the reason is the decision note


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
