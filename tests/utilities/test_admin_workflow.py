"""Issue 12 for utility staff: buttons on outage and service-request pages, LogEntry for the
admin's moves and for resolve_outage and update_outage_status.
"""
import pytest

from apps.utilities.models import Outage, ServiceRequest
from apps.utilities.services import service_request_create
from tests.core.workflow import buttons, history, messages_of, press, staff_call, staff_key
from tests.utilities.conftest import make_outage

pytestmark = pytest.mark.django_db


def test_outage_buttons_and_history(admin_client, places):
    outage = make_outage("OUT-2026-0001", places.oak_456, status="reported")
    assert buttons(admin_client, outage) == ["mark_confirmed", "mark_crew_dispatched", "resolve_outages"]
    assert messages_of(press(admin_client, outage, "mark_confirmed")) == [("success", "1 outage(s) confirmed.")]
    press(admin_client, outage, "resolve_outages")
    assert Outage.objects.get(pk=outage.pk).status == "resolved"
    refused = press(admin_client, outage, "mark_confirmed")
    assert messages_of(refused)[0][0] == "error"
    assert history(outage) == [("admin", "Confirmed"), ("admin", "Resolved")]


def test_service_request_buttons(admin_client, accounts, places):
    request = service_request_create(account_number="UA-100300", request_type="repair", description="x",
                                     actor="t").request
    assert buttons(admin_client, request) == ["mark_scheduled", "mark_in_progress", "mark_completed", "mark_cancelled"]
    press(admin_client, request, "mark_cancelled")
    assert ServiceRequest.objects.get(pk=request.pk).status == "cancelled"
    assert history(request) == [("admin", "Cancelled")]


def test_outage_tools_write_the_history(places, django_user_model):
    outage = make_outage("OUT-2026-0002", places.oak_456, status="reported")
    owner, key = staff_key(django_user_model, "utilities", username="grid-ops")
    prefix = key.api_key.prefix
    staff_call("utilities", "update_outage_status", {"outage_id": outage.outage_id, "status": "confirmed"}, key)
    staff_call("utilities", "resolve_outage", {"outage_id": outage.outage_id, "note": "Main valve replaced."}, key)
    staff_call("utilities", "resolve_outage", {"outage_id": outage.outage_id}, key)  # again: nothing changes
    assert history(outage) == [
        ("grid-ops", f"Status reported → confirmed — via update_outage_status (API key {prefix}…)"),
        ("grid-ops", f"Status confirmed → resolved: Main valve replaced. — via resolve_outage (API key {prefix}…)"),
    ]
