"""The noise unit's admin: pages render, actions go through the services (timeline, events, rules)."""
import pytest
from django.urls import reverse

from apps.events.models import Event
from apps.noise.models import Complaint, EnforcementAction
from apps.noise.services import complaint_file, complaint_status_update, enforcement_action_issue
from tests.helpers.admin import changelist_get, run_action


@pytest.fixture
def complaints(places, ordinances):
    return [complaint_file(location=where, noise_type=kind, actor="t").complaint
            for where, kind in (("456 Oak Ave", "party"), ("456 Oak Ave", "construction"), ("123 Main St", "party"))]


@pytest.fixture
def warned(complaints):
    """A complaint with an enforcement action, so that every change list has a row to show."""
    case = complaints[0].case_number
    complaint_status_update(case_number=case, status="assigned", assigned_to="officer", actor="t")
    return enforcement_action_issue(case_number=case, kind="warning", actor="t")


@pytest.mark.parametrize("model", ["ordinance", "complaint", "enforcementaction", "noiselocation"])
def test_changelists_render(admin_client, complaints, warned, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        changelist_get(admin_client, f"noise.{model}")


def test_complaint_search_and_filters(admin_client, complaints):
    url = reverse("admin:noise_complaint_changelist")
    assert admin_client.get(url, {"q": "Oak Ave"}).context["cl"].result_count == 2
    assert admin_client.get(url, {"status__exact": "filed", "noise_type__exact": "party"}).context[
        "cl"].result_count == 2


def test_complaint_change_page_shows_timeline(admin_client, complaints):
    response = admin_client.get(reverse("admin:noise_complaint_change", args=[complaints[1].pk]))
    assert response.status_code == 200
    assert "Repeat complaint about 456 Oak Ave" in response.content.decode()


def test_complaints_cannot_be_added_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:noise_complaint_add")).status_code == 403


def test_assign_to_me_then_investigate(admin_client, complaints):
    assert run_action(admin_client, "noise.complaint", "assign_to_me", complaints[:2]) == ["2 complaint(s) assigned."]
    assert list(Complaint.objects.filter(status="assigned").values_list("assigned_to", flat=True)) == ["admin"] * 2
    assert run_action(admin_client, "noise.complaint", "mark_investigating", complaints[:1]) == ["1 complaint(s) under investigation."]
    changed = Event.objects.filter(type="complaint.status_changed").order_by("id")
    assert [e.data["status"] for e in changed] == ["assigned", "assigned", "investigating"]
    assert Complaint.objects.get(pk=complaints[0].pk).updates.last().actor == "staff:admin"


def test_refused_transitions_are_reported_per_complaint(admin_client, complaints):
    messages = run_action(admin_client, "noise.complaint", "mark_resolved", complaints[:1])
    assert messages == [f"{complaints[0].case_number}: Complaint {complaints[0].case_number} is filed and cannot "
                        "move to resolved. From filed it can move to: assigned, investigating, closed, unfounded."]
    assert Complaint.objects.get(pk=complaints[0].pk).status == "filed"


def test_citation_action_uses_the_ordinance_fine(admin_client, complaints):
    run_action(admin_client, "noise.complaint", "assign_to_me", complaints[1:2])
    assert run_action(admin_client, "noise.complaint", "issue_citation", complaints[1:2]) == ["1 complaint(s) cited."]
    action = EnforcementAction.objects.get()
    assert (action.kind, str(action.fine), action.issued_by) == ("citation", "500.00", "staff:admin")


def test_the_complaint_page_shows_what_the_resident_added(admin_client, complaints):
    from apps.accounts.access_codes import access_code_issue
    from apps.noise.services import complaint_info_add

    complaint = complaints[0]
    complaint_info_add(case_number=complaint.case_number, access_code=access_code_issue(complaint),
                       text="It started again at 11 PM.", actor="resident")
    page = admin_client.get(reverse("admin:noise_complaint_change", args=[complaint.pk])).content.decode()
    assert "Resident added: It started again at 11 PM." in page
    assert Event.objects.filter(type="complaint.info_added").count() == 1


def test_the_complaint_page_shows_its_assignment_target(admin_client, complaints, monkeypatch, settings):
    from datetime import timedelta

    from django.utils import timezone

    from civicmind.clock import clock_shift_to

    url = reverse("admin:noise_complaint_change", args=[complaints[0].pk])
    assert "— on time" in admin_client.get(url).content.decode()
    monkeypatch.setattr(timezone, "now", timezone.now)
    clock_shift_to(timezone.localdate() + timedelta(days=2), settings.TIME_ZONE)
    assert "— ⏰ missed" in admin_client.get(url).content.decode()
