"""Issue 12 at the noise unit: closing and unfounded ask the reason track_complaint shows,
refusal before the form, buttons on the complaint's page, LogEntry for admin and staff tools.
"""
import pytest

from apps.accounts.access_codes import access_code_issue
from apps.noise.models import Complaint
from apps.noise.services import complaint_file
from tests.core.workflow import act, buttons, history, messages_of, press, staff_call, staff_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(places, ordinances):
    return complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint


def fresh(complaint):
    return Complaint.objects.get(pk=complaint.pk)


def test_unfounded_asks_why_and_track_complaint_shows_it(admin_client, complaint, call_tool):
    form = act(admin_client, Complaint, "mark_unfounded", [complaint])
    assert 'name="reason"' in form.content.decode() and fresh(complaint).status == "filed"
    act(admin_client, Complaint, "mark_unfounded", [complaint], apply="1",
        reason="Officer heard no music at 23:10.")
    assert fresh(complaint).status == "unfounded"
    public = call_tool("track_complaint", {"case_number": complaint.case_number})
    assert "Officer heard no music" not in public.text and "timeline" not in public.structured
    code = access_code_issue(complaint)
    tracked = call_tool("track_complaint", {"case_number": complaint.case_number, "access_code": code})
    assert "Officer heard no music at 23:10." in tracked.text
    assert tracked.structured["timeline"][-1]["note"] == "Officer heard no music at 23:10."
    assert history(complaint) == [("admin", "Marked unfounded: Officer heard no music at 23:10.")]


def test_closed_complaints_refuse_before_the_form(admin_client, complaint):
    press(admin_client, complaint, "mark_closed", apply="1", reason="Neighbours agreed on quiet hours.")
    response = act(admin_client, Complaint, "mark_unfounded", [fresh(complaint)])
    assert 'name="reason"' not in response.content.decode()
    [(level, text)] = messages_of(response)
    assert level == "error" and text.startswith(f"{complaint.case_number}: ")
    assert fresh(complaint).status == "closed"
    assert len(history(complaint)) == 1


def test_buttons_on_the_complaint_page(admin_client, complaint):
    assert buttons(admin_client, complaint) == ["assign_to_me", "mark_investigating", "mark_closed", "mark_unfounded"]
    press(admin_client, complaint, "assign_to_me")
    assert (fresh(complaint).status, fresh(complaint).assigned_to) == ("assigned", "admin")
    assert buttons(admin_client, complaint) == ["assign_to_me", "mark_investigating", "mark_resolved", "mark_closed",
                                                "mark_unfounded", "issue_warning", "issue_citation"]
    press(admin_client, complaint, "issue_warning")
    assert history(complaint) == [("admin", "Assigned"), ("admin", "Warning issued")]


def test_staff_tools_write_the_history(complaint, django_user_model):
    owner, key = staff_key(django_user_model, "noise", username="sgt-ortiz")
    prefix = key.api_key.prefix
    staff_call("noise", "update_complaint_status", {"case_number": complaint.case_number, "status": "assigned",
                                                    "assigned_to": "Ortiz"}, key)
    staff_call("noise", "issue_enforcement_action", {"case_number": complaint.case_number, "action": "warning",
                                                     "note": "Music off by 22:00."}, key)
    again = staff_call("noise", "update_complaint_status", {"case_number": complaint.case_number,
                                                            "status": "assigned"}, key)
    assert again.is_error is False  # the same status again changes nothing, so records nothing
    assert history(complaint) == [
        ("sgt-ortiz", f"Status filed → assigned — via update_complaint_status (API key {prefix}…)"),
        ("sgt-ortiz", f"Warning issued. Music off by 22:00. — via issue_enforcement_action (API key {prefix}…)"),
    ]
