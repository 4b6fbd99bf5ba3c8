"""The citation desk's workflow moves: buttons on a citation's page and actions in the list.

Each calls one parking service, the same the staff tools and the residents' tools reach, so
the admin emits the same events and keeps the same rules. Dismissals, voids and contest
decisions ask for the reason; the resident reads it in the citation's tracking answer
(check_violations, the citation resource).
"""
from decimal import Decimal

from django import forms

from apps.core.admin_workflow import Move, ReasonForm
from apps.core.errors import ServiceError
from apps.core.money import format_money
from apps.parking import services
from apps.parking.models import Citation

Status = Citation.Status


def _actor(request) -> str:
    return request.user.get_username()


class CounterPaymentForm(forms.Form):
    """Money staff received at the counter or by mail, recorded with a receipt."""

    amount = forms.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"),
                                help_text="What was received: the amount due today, fine and late fees.")
    method = forms.ChoiceField(choices=[(m, m) for m in services.COUNTER_METHODS])
    reference = forms.CharField(max_length=100, required=False, help_text="A check or money-order number.")


def _issue(request, citation, data):
    services.citation_issue_reported(citation_id=citation.pk, actor=_actor(request))


def _dismiss(request, citation, data):
    services.citation_dismiss(citation_id=citation.pk, actor=_actor(request), note=data["reason"])


def _void(request, citation, data):
    services.citation_void(citation_id=citation.pk, actor=_actor(request), note=data["reason"])


def _decide(granted: bool):
    def run(request, citation, data):
        services.citation_contest_decide(citation_id=citation.pk, granted=granted, actor=_actor(request),
                                         note=data["reason"])
    return run


def _record_payment(request, citation, data):
    outcome = services.citation_payment_record(citation_id=citation.pk, amount=data["amount"],
                                               method=data["method"], reference=data.get("reference", ""),
                                               actor=_actor(request))
    payment = outcome.payment
    return (f"{citation.citation_number}: {format_money(payment.amount)} received ({payment.method}); "
            f"receipt {payment.receipt_number}.")


def _check_payable(request, citation):
    try:
        services.citation_payable_check(citation=citation)
    except ServiceError as error:
        return error.message
    return None


CITATION_MOVES = (
    Move("issue_reported", "Issue selected reported citations", _issue, "{count} citation(s) issued.",
         sources=(Status.REPORTED,), log="Issued"),
    Move("dismiss", "Dismiss…", _dismiss, "{count} citation(s) dismissed.", form=ReasonForm,
         sources=(Status.REPORTED, Status.ISSUED), log="Dismissed"),
    Move("void", "Void…", _void, "{count} citation(s) voided.", form=ReasonForm,
         sources=(Status.REPORTED, Status.ISSUED, Status.CONTESTED), log="Voided"),
    Move("grant_contest", "Decide contest: grant (dismiss citation)…", _decide(True),
         "{count} citation(s) dismissed on contest.", form=ReasonForm, sources=(Status.CONTESTED,),
         log="Contest granted"),
    Move("deny_contest", "Decide contest: deny (citation stands)…", _decide(False),
         "{count} citation(s) reinstated (contest denied).", form=ReasonForm, sources=(Status.CONTESTED,),
         log="Contest denied"),
    Move("record_payment", "Record payment…", _record_payment, "", form=CounterPaymentForm,
         sources=(Status.ISSUED,), check=_check_payable, in_changelist=False, log="Recorded a payment"),
)
