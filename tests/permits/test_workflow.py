"""The application timeline: every status pair is either allowed or refused."""
import pytest

from apps.permits import workflow
from apps.permits.models import PermitApplication

S = PermitApplication.Status
ALLOWED = {
    (S.SUBMITTED, S.IN_REVIEW), (S.SUBMITTED, S.REJECTED), (S.SUBMITTED, S.WITHDRAWN),
    (S.SUBMITTED, S.CORRECTIONS_REQUESTED),  # issue 12: ask for missing documents before review
    (S.IN_REVIEW, S.CORRECTIONS_REQUESTED), (S.IN_REVIEW, S.APPROVED), (S.IN_REVIEW, S.REJECTED),
    (S.IN_REVIEW, S.WITHDRAWN),
    (S.CORRECTIONS_REQUESTED, S.IN_REVIEW), (S.CORRECTIONS_REQUESTED, S.REJECTED),
    (S.CORRECTIONS_REQUESTED, S.WITHDRAWN),
    (S.APPROVED, S.ISSUED), (S.APPROVED, S.WITHDRAWN),
    (S.ISSUED, S.INSPECTIONS), (S.ISSUED, S.FINALED), (S.ISSUED, S.WITHDRAWN),
    (S.INSPECTIONS, S.FINALED),
}


@pytest.mark.parametrize("current", S.values)
@pytest.mark.parametrize("target", S.values)
def test_every_transition(current, target):
    assert workflow.can_move(current, target) is ((current, target) in ALLOWED)


@pytest.mark.parametrize("status, final", [(s, s in (S.FINALED, S.REJECTED, S.WITHDRAWN)) for s in S.values])
def test_final_statuses(status, final):
    assert workflow.is_final(status) is final


def test_every_status_has_a_next_step_and_a_label():
    assert set(workflow.NEXT_STEP) == set(S.values)
    assert workflow.label("corrections_requested") == "Corrections Requested"
