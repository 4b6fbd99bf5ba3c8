"""Issue 12 for sanitation and environmental staff: closing a report asks the reason the
resident reads in track_environmental_report; buttons and LogEntry for pickups and reports.
"""
import pytest

from apps.accounts.access_codes import access_code_issue
from apps.environmental.models import BulkPickup, EnvironmentalReport
from apps.environmental.services import bulk_pickup_schedule, environmental_report_file
from tests.core.workflow import act, buttons, history, messages_of, press

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(city):
    return environmental_report_file(report_type="odor", location="Main St", description="x", actor="t").report


def test_closing_asks_why_and_tracking_shows_it(admin_client, report, call_tool):
    assert buttons(admin_client, report) == ["mark_investigating", "mark_resolved", "mark_closed"]
    form = act(admin_client, EnvironmentalReport, "mark_closed", [report])
    assert 'name="reason"' in form.content.decode()
    act(admin_client, EnvironmentalReport, "mark_closed", [report], apply="1",
        reason="Odor traced to a permitted compost site.")
    assert EnvironmentalReport.objects.get(pk=report.pk).status == "closed"
    public = call_tool("track_environmental_report", {"reference": report.reference})
    assert "Odor traced" not in public.text and "resolution_note" not in public.structured
    tracked = call_tool("track_environmental_report", {"reference": report.reference,
                                                       "access_code": access_code_issue(report)})
    assert "Odor traced to a permitted compost site." in tracked.text
    assert tracked.structured["resolution_note"] == "Odor traced to a permitted compost site."
    assert history(report) == [("admin", "Closed: Odor traced to a permitted compost site.")]
    refused = press(admin_client, report, "mark_closed")
    assert 'name="reason"' not in refused.content.decode()
    assert messages_of(refused) == [
        ("error", f"{report.reference} is closed: “Closed” does not apply; nothing was changed.")]
    assert len(history(report)) == 1


def test_pickup_buttons_and_history(admin_client, city):
    pickup = bulk_pickup_schedule(address="1 Oak Ave", items=["sofa"], actor="t").pickup
    assert buttons(admin_client, pickup) == ["mark_completed", "mark_missed", "mark_cancelled"]
    press(admin_client, pickup, "mark_cancelled")
    assert BulkPickup.objects.get(pk=pickup.pk).status == "cancelled"
    assert history(pickup) == [("admin", "Cancelled")]
    assert buttons(admin_client, pickup) == []
