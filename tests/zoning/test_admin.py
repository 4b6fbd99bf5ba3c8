"""The zoning office's admin: pages render, variance actions go through the services."""
import pytest
from django.urls import reverse

from apps.zoning.models import Parcel, Variance
from apps.zoning.services import variance_submit
from tests.helpers.admin import changelist_get, run_action
from tests.zoning.conftest import hearing_held, make_parcel


@pytest.fixture
def variances(districts):
    make_parcel("APN 1", "456 Oak Ave", districts.r1)
    variances = [variance_submit(property_address=address, variance_type=kind, description="x", applicant="A",
                                 actor="t").variance
                 for address, kind in (("456 Oak Ave", "fence"), ("123 Main St", "parking"))]
    for variance in variances:
        hearing_held(variance)
    return variances


@pytest.mark.parametrize("model", ["district", "userule", "parcel", "variance"])
def test_changelists_render(admin_client, variances, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        changelist_get(admin_client, f"zoning.{model}")


def test_change_pages_render(admin_client, variances, districts):
    assert admin_client.get(reverse("admin:zoning_district_change", args=[districts.c1.pk])).status_code == 200
    page = admin_client.get(reverse("admin:zoning_variance_change", args=[variances[0].pk]))
    assert page.status_code == 200 and "Application submitted" in page.content.decode()


def test_variance_search_and_filter(admin_client, variances):
    url = reverse("admin:zoning_variance_changelist")
    assert admin_client.get(url, {"q": "Oak Ave"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"variance_type__exact": "parking"}).context["cl"].result_count == 1


def test_review_approve_and_refusals_per_variance(admin_client, variances):
    assert run_action(admin_client, "zoning.variance", "start_review", variances[:1]) == ["1 variance(s) under review."]
    # Issue 12: a decision asks for its reason.
    assert run_action(admin_client, "zoning.variance", "mark_approved", variances, apply="1", reason="Meets the hardship test.",
                      parking_spaces_required="3") == ["2 variance(s) approved."]
    first = variances[0].reference
    assert run_action(admin_client, "zoning.variance", "withdraw", variances[:1]) == [
        f"{first}: Variance {first} is approved and cannot move to withdrawn."]
    assert list(Variance.objects.order_by("pk").values_list("status", "decided_by", "parking_spaces_required")) == [
        ("approved", "staff:admin", None), ("approved", "staff:admin", 3)]  # the spaces: parking variances only


def test_variances_cannot_be_added_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:zoning_variance_add")).status_code == 403


def test_parcel_saved_in_the_admin_gets_its_key(admin_client, districts):
    response = admin_client.post(reverse("admin:zoning_parcel_add"), {
        "parcel_number": "APN 9", "address": "145 Main Street", "district": districts.c1.pk, "lot_area_sqft": 4800,
        "current_use": ""})
    assert response.status_code == 302
    assert Parcel.objects.get().address_key == "145 main st"
