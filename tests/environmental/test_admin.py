"""Sanitation and environmental staff's admin: pages render, actions go through the services."""
from datetime import date

import pytest
from django.urls import reverse

from apps.environmental.models import (
    BulkPickup,
    CollectionAreaStreet,
    CollectionHoliday,
    EnvironmentalReport,
    PickupSlot,
)
from apps.environmental.services import bulk_pickup_schedule, environmental_report_file
from tests.environmental.conftest import make_program
from tests.helpers.admin import changelist_get, run_action


@pytest.fixture
def work(city):
    pickups = [bulk_pickup_schedule(address=f"{n} Oak Ave", items=["sofa"], actor="t").pickup for n in (1, 2)]
    report = environmental_report_file(report_type="odor", location="Main St", description="x", actor="t").report
    return pickups, report


@pytest.mark.parametrize("model", ["collectionarea", "collectionholiday", "bulkitemrule", "pickupslot", "bulkpickup",
                                   "environmentalreport", "sustainabilityprogram"])
def test_changelists_render(admin_client, work, model, django_assert_max_num_queries):
    CollectionHoliday.objects.create(date=date(2026, 12, 25), name="Christmas Day")
    make_program("home-composting-rebate", rebate="50.00")
    with django_assert_max_num_queries(15):
        changelist_get(admin_client, f"environmental.{model}")


def test_pickup_actions(admin_client, work):
    pickups, _ = work
    assert run_action(admin_client, "environmental.bulkpickup", "mark_cancelled", pickups[:1]) == ["1 pickup(s) cancelled."]
    assert PickupSlot.objects.get().booked == 1
    assert run_action(admin_client, "environmental.bulkpickup", "mark_completed", pickups) == [
        f"{pickups[0].reference}: Bulk pickup {pickups[0].reference} is cancelled and cannot move to completed.",
        "1 pickup(s) completed."]


def test_report_actions(admin_client, work):
    _, report = work
    assert run_action(admin_client, "environmental.environmentalreport", "mark_investigating", [report]) == [
        "1 report(s) under investigation."]
    assert EnvironmentalReport.objects.get().updates.last().actor == "staff:admin"
    page = admin_client.get(reverse("admin:environmental_environmentalreport_change", args=[report.pk]))
    assert page.status_code == 200 and "Report filed." in page.content.decode()


def test_streets_added_in_the_admin_get_their_key(admin_client, city):
    url = reverse("admin:environmental_collectionarea_change", args=[city.downtown.pk])
    data = {"code": "DT", "name": "Downtown", "latitude": "37.78", "longitude": "-122.418", "bulk_weekday": 1,
            "bulk_capacity": 4,
            "streets-TOTAL_FORMS": 2, "streets-INITIAL_FORMS": 1, "streets-MIN_NUM_FORMS": 0,
            "streets-MAX_NUM_FORMS": 1000,
            "streets-0-id": CollectionAreaStreet.objects.get(street_name="Main St").pk,
            "streets-0-area": city.downtown.pk,
            "streets-0-street_name": "Main St", "streets-1-area": city.downtown.pk,
            "streets-1-street_name": "First Avenue",
            "schedules-TOTAL_FORMS": 0, "schedules-INITIAL_FORMS": 0, "schedules-MIN_NUM_FORMS": 0,
            "schedules-MAX_NUM_FORMS": 1000}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert CollectionAreaStreet.objects.get(street_name="First Avenue").street_key == "1st ave"


def test_pickups_cannot_be_added_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:environmental_bulkpickup_add")).status_code == 403
    assert BulkPickup.objects.count() == 0


def test_the_pickup_page_shows_its_timeline_and_the_residents_additions(admin_client, work, call_tool):
    pickups, report = work
    page = admin_client.get(reverse("admin:environmental_bulkpickup_change", args=[pickups[0].pk])).content.decode()
    assert "Pickup booked for" in page
    from apps.environmental.services import environmental_report_info_add
    from apps.accounts.access_codes import access_code_issue

    environmental_report_info_add(reference=report.reference, access_code=access_code_issue(report),
                                  text="Worse at night.", actor="resident")
    page = admin_client.get(reverse("admin:environmental_environmentalreport_change", args=[report.pk]))
    assert "Resident added: Worse at night." in page.content.decode()
