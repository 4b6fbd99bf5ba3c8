"""The zoning office's workflow moves: buttons on a variance's page and actions in the list.

Each calls the service `decide_variance` and the other staff tools call. Approving or
denying asks for the reason; the applicant reads it as the decision note when they track
the variance. Approving also asks, for parking variances, how many off-street spaces the
Board requires (the service refuses a parking approval without it).
"""
from django import forms
from django.db import transaction

from apps.core.admin_workflow import Move, ReasonForm, service_call, staff_actor
from apps.core.errors import ServiceError
from apps.zoning.catalogue import VarianceType
from apps.zoning.models import Variance
from apps.zoning.services import VARIANCE_STATUS, variance_decide, variance_review_start, variance_withdraw

Status = Variance.Status
OPEN = VARIANCE_STATUS.sources(Status.WITHDRAWN)  # every status an application can still be decided from
CHECK_REASON = "(checking whether the move is allowed)"
_review = service_call(variance_review_start)
_withdraw = service_call(variance_withdraw)


class ApprovalForm(ReasonForm):
    """The reason, and for a parking variance the spaces the Board still requires at the property."""

    parking_spaces_required = forms.IntegerField(
        required=False, min_value=0, max_value=10_000,
        help_text="Parking variances only: the off-street spaces the Board requires at the property. "
                  "Left out for other kinds of variance.")


def _approve(request, obj, data):
    """Approve one variance; the parking spaces go only to parking variances (a batch may mix kinds)."""
    spaces = data.get("parking_spaces_required") if obj.variance_type == VarianceType.PARKING else None
    variance_decide(reference=obj.reference, decision=Status.APPROVED, actor=staff_actor(request),
                    note=data.get("reason", ""), parking_spaces_required=spaces)


class _DryRun(Exception):
    pass


def _approval_refusal(request, obj) -> str | None:
    """Ask the service, in a rolled-back attempt, whether the variance could be approved now."""
    placeholder = {"reason": CHECK_REASON, "parking_spaces_required": 0}
    try:
        with transaction.atomic():
            _approve(request, obj, placeholder)
            raise _DryRun
    except _DryRun:
        return None
    except ServiceError as error:
        return error.message


def _deny(request, obj, data):
    variance_decide(reference=obj.reference, decision=Status.DENIED, actor=staff_actor(request),
                    note=data.get("reason", ""))  # the reason is the decision note


VARIANCE_MOVES = (
    Move("start_review", "Start review", _review, "{count} variance(s) under review.",
         sources=VARIANCE_STATUS.sources(Status.UNDER_REVIEW), log="Review started"),
    Move(f"mark_{Status.APPROVED}", "Approve…", _approve, "{count} variance(s) approved.",
         form=ApprovalForm, sources=OPEN, log="Approved", check=_approval_refusal),
    Move(f"mark_{Status.DENIED}", "Deny…", _deny, "{count} variance(s) denied.", form=ReasonForm,
         sources=OPEN, log="Denied"),
    Move("withdraw", "Withdraw (at the applicant's request)", _withdraw, "{count} variance(s) withdrawn.",
         sources=OPEN, log="Withdrawn"),
)
