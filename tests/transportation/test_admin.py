"""Road crews' and planners' admin: pages render, road issue actions go through the services."""
import pytest
from django.urls import reverse

from apps.transportation.models import RoadIssue, Stop
from apps.transportation.services import road_issue_report
from tests.helpers.admin import changelist_get, run_action
from tests.transportation.conftest import local, make_alert


@pytest.fixture
def issues(network):
    return [road_issue_report(issue_type=kind, location="456 Oak Ave", actor="t").issue
            for kind in ("pothole", "streetlight")]


@pytest.mark.parametrize("model", ["route", "stop", "departure", "trafficalert", "roadissue"])
def test_changelists_render(admin_client, issues, places, network, model, django_assert_max_num_queries):
    make_alert("Lane closure", places.main, starts_at=local(2026, 11, 20), routes=[network.bus], delay=5)
    with django_assert_max_num_queries(15):
        changelist_get(admin_client, f"transportation.{model}")


def test_change_pages_render(admin_client, issues, network):
    assert admin_client.get(reverse("admin:transportation_route_change", args=[network.bus.pk])).status_code == 200
    page = admin_client.get(reverse("admin:transportation_roadissue_change", args=[issues[0].pk]))
    assert page.status_code == 200 and "Issue reported." in page.content.decode()


def test_issue_actions(admin_client, issues):
    assert run_action(admin_client, "transportation.roadissue", "mark_resolved", issues[:1]) == ["1 issue(s) resolved."]
    first = issues[0].reference
    assert run_action(admin_client, "transportation.roadissue", "mark_in_progress", issues) == [
        f"{first}: Road issue {first} is resolved and cannot move to crew working.", "1 issue(s) in progress."]
    assert list(RoadIssue.objects.order_by("pk").values_list("status", "updated_by")) == [
        ("resolved", "staff:admin"), ("in_progress", "staff:admin")]


def test_stop_saved_in_the_admin_gets_its_key(admin_client, db):
    response = admin_client.post(reverse("admin:transportation_stop_add"), {
        "stop_code": "S900", "name": "Pine Street & 2nd Avenue", "latitude": "37.7885", "longitude": "-122.417",
        "accessible": "on"})
    assert response.status_code == 302
    assert Stop.objects.get().key == "pine st 2nd ave"


def test_issues_cannot_be_added_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:transportation_roadissue_add")).status_code == 403
