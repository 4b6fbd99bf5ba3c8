"""Issue 12 for road crews: buttons on a road issue's page, LogEntry for the admin's moves and
for update_road_issue.
"""
import pytest

from apps.transportation.models import RoadIssue
from apps.transportation.services import road_issue_report
from tests.core.workflow import buttons, history, messages_of, press, staff_call, staff_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(network):
    return road_issue_report(issue_type="pothole", location="456 Oak Ave", actor="t").issue


def test_road_issue_buttons_and_history(admin_client, issue):
    assert buttons(admin_client, issue) == ["mark_in_progress", "mark_resolved"]
    assert messages_of(press(admin_client, issue, "mark_in_progress")) == [("success", "1 issue(s) in progress.")]
    assert buttons(admin_client, issue) == ["mark_resolved"]
    press(admin_client, issue, "mark_resolved")
    assert RoadIssue.objects.get(pk=issue.pk).status == "resolved"
    assert history(issue) == [("admin", "Crew working"), ("admin", "Resolved")]


def test_update_road_issue_writes_the_history(issue, django_user_model):
    owner, key = staff_key(django_user_model, "transportation", username="crew-chief")
    result = staff_call("transportation", "update_road_issue",
                        {"reference": issue.reference, "status": "resolved", "note": "Patched with cold mix."}, key)
    assert result.is_error is False
    assert history(issue) == [("crew-chief", "Status reported → resolved: Patched with cold mix. — via "
                                             f"update_road_issue (API key {key.api_key.prefix}…)")]
