"""Dispatchers' admin: pages render, incident and unit actions go through the services."""
import pytest
from django.urls import reverse

from apps.events.models import Event
from apps.safety.models import Incident, ResponseUnit
from apps.safety.services import incident_report
from tests.helpers.admin import changelist_get, run_action


@pytest.fixture
def incidents(units, fire_code):
    return [incident_report(incident_type=kind, location=where, description="x", actor="t").incident
            for kind, where in (("fire", "123 Main St"), ("crime", "456 Oak Ave"))]


@pytest.mark.parametrize("model", ["occupancyrule", "firecoderule", "responseunit", "incident"])
def test_changelists_render(admin_client, incidents, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        changelist_get(admin_client, f"safety.{model}")


def test_dispatch_on_scene_and_resolve_actions(admin_client, incidents):
    assert run_action(admin_client, "safety.incident", "dispatch_standard_response", incidents) == [
        "2 incident(s) dispatched."]
    assert Event.objects.filter(type="unit.dispatched").count() == 4  # E-1, L-1, M-1 and a patrol
    page = admin_client.get(reverse("admin:safety_incident_change", args=[incidents[0].pk]))
    assert page.status_code == 200 and "Dispatched E-1" in page.content.decode()
    assert run_action(admin_client, "safety.incident", "mark_on_scene", incidents[:1]) == ["1 incident(s) on scene."]
    assert run_action(admin_client, "safety.incident", "resolve", incidents) == ["2 incident(s) resolved."]
    assert ResponseUnit.objects.exclude(status="available").values_list("call_sign", flat=True).get() == "M-3"
    assert Incident.objects.get(pk=incidents[0].pk).updates.last().actor == "staff:admin"


def test_unit_actions_report_refusals(admin_client, incidents, units):
    run_action(admin_client, "safety.incident", "dispatch_standard_response", incidents[1:])
    messages = run_action(admin_client, "safety.responseunit", "mark_out_of_service", [units.p11, units.e2])
    assert messages == [f"P-11: P-11 is assigned to incident {incidents[1].reference}; resolve the incident (or "
                        "clear the unit from it) first.", "1 unit(s) out of service."]
    assert ResponseUnit.objects.get(call_sign="E-2").status == "out_of_service"


def test_incidents_cannot_be_added_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:safety_incident_add")).status_code == 403


def test_the_incident_page_shows_its_response_target(admin_client, incidents, monkeypatch, settings):
    from datetime import timedelta

    from django.utils import timezone

    from civicmind.clock import clock_shift_to

    url = reverse("admin:safety_incident_change", args=[incidents[0].pk])
    assert "units dispatched within 10 minutes: due " in admin_client.get(url).content.decode()
    assert "— on time" in admin_client.get(url).content.decode()
    monkeypatch.setattr(timezone, "now", timezone.now)
    clock_shift_to(timezone.localdate() + timedelta(days=1), settings.TIME_ZONE)
    assert "— ⏰ missed" in admin_client.get(url).content.decode()
