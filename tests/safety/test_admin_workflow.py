"""Issue 12 at dispatch: buttons on incident and unit pages, LogEntry for every move,
for the admin's and for dispatch_resources.
"""
import pytest

from apps.safety.models import Incident, ResponseUnit
from apps.safety.services import incident_report
from tests.core.workflow import buttons, history, messages_of, press, staff_call, staff_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(units, fire_code):
    return incident_report(incident_type="fire", location="123 Main St", description="x", actor="t").incident


def test_dispatch_and_resolve_from_the_incident_page(admin_client, incident):
    assert buttons(admin_client, incident) == ["dispatch_standard_response", "resolve"]
    dispatched = press(admin_client, incident, "dispatch_standard_response")
    assert messages_of(dispatched) == [("success", "1 incident(s) dispatched.")]
    assert Incident.objects.get(pk=incident.pk).status == "dispatched"
    assert buttons(admin_client, incident) == ["dispatch_standard_response", "mark_on_scene", "resolve"]
    press(admin_client, incident, "mark_on_scene")
    press(admin_client, incident, "resolve")
    assert Incident.objects.get(pk=incident.pk).status == "resolved"
    assert buttons(admin_client, incident) == []
    assert history(incident) == [("admin", "Dispatched the standard response"), ("admin", "Units on scene"),
                                 ("admin", "Resolved")]


def test_a_unit_on_a_call_is_refused_on_its_page(admin_client, incident, units):
    press(admin_client, incident, "dispatch_standard_response")
    engine = ResponseUnit.objects.get(call_sign="E-1")
    refused = press(admin_client, engine, "mark_out_of_service")
    [(level, text)] = messages_of(refused)
    assert level == "error" and text.startswith("E-1: E-1 is assigned to incident")  # the unit named, as the list does
    assert history(engine) == []


def test_dispatch_resources_writes_the_history(incident, django_user_model):
    owner, key = staff_key(django_user_model, "safety", username="dispatcher-kim")
    result = staff_call("safety", "dispatch_resources", {"reference": incident.reference}, key)
    assert result.is_error is False
    [(user, message)] = history(incident)
    assert user == "dispatcher-kim"
    assert message.startswith("Dispatched E-1") and message.endswith(
        f" — via dispatch_resources (API key {key.api_key.prefix}…)")
    staff_call("safety", "dispatch_resources", {"reference": incident.reference}, key)
    assert len(history(incident)) == 1  # nothing more was sent, nothing more recorded
