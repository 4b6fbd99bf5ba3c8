"""Utility staff's admin: pages render, outage and request actions go through the services."""
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.events.models import Event
from apps.utilities.models import Outage, ServiceRequest
from apps.utilities.services import bill_pay, service_request_create, service_request_status_update
from tests.helpers.admin import changelist_get, run_action
from tests.utilities.conftest import make_bill, make_outage


@pytest.fixture
def data(accounts, places):
    make_bill(accounts.lee, months_ago=1, amount="99.99", due_in_days=10)
    service_request_create(account_number="UA-100300", request_type="repair", description="x", actor="t")
    bill_pay(account_number="UA-100234", payment_method="tok_visa", amount=Decimal("9.99"), actor="t")
    return [make_outage("OUT-2026-0001", places.oak_456, status="reported"),
            make_outage("OUT-2026-0002", places.pine_42, status="crew_dispatched")]


@pytest.mark.parametrize("model", ["account", "bill", "billpayment", "servicerequest", "outage"])
def test_changelists_render(admin_client, data, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        changelist_get(admin_client, f"utilities.{model}")


def test_change_pages_render(admin_client, data, accounts):
    assert admin_client.get(reverse("admin:utilities_account_change", args=[accounts.lee.pk])).status_code == 200
    assert admin_client.get(reverse("admin:utilities_outage_change", args=[data[0].pk])).status_code == 200


def test_payments_and_request_timelines_show_in_the_admin(admin_client, data, accounts):
    bill = accounts.lee.bills.get()
    page = admin_client.get(reverse("admin:utilities_bill_change", args=[bill.pk])).content.decode()
    assert f"UP-{bill.payments.get().paid_at.year}-000001" in page and "Visa ending 4242" in page
    request = ServiceRequest.objects.get()
    service_request_status_update(reference=request.reference, status="scheduled", actor="staff:kim",
                                  note="Crew booked for Thursday.")
    page = admin_client.get(reverse("admin:utilities_servicerequest_change", args=[request.pk])).content.decode()
    assert "Crew booked for Thursday." in page


def test_account_search(admin_client, data):
    cl = admin_client.get(reverse("admin:utilities_account_changelist"), {"q": "Jordan"}).context["cl"]
    assert [a.account_number for a in cl.result_list] == ["UA-100234"]


def test_confirm_refuses_what_cannot_move_back(admin_client, data):
    messages = run_action(admin_client, "utilities.outage", "mark_confirmed", data)
    assert messages == ["OUT-2026-0002: Outage OUT-2026-0002 is crew dispatched and cannot move to confirmed.",
                        "1 outage(s) confirmed."]
    assert list(Outage.objects.order_by("outage_id").values_list("status", flat=True)) == [
        "confirmed", "crew_dispatched"]


def test_resolve_action_emits_the_event(admin_client, data):
    assert run_action(admin_client, "utilities.outage", "resolve_outages", data) == ["2 outage(s) resolved."]
    assert Event.objects.filter(type="outage.resolved").count() == 2


def test_request_actions(admin_client, data):
    request = ServiceRequest.objects.get()
    assert run_action(admin_client, "utilities.servicerequest", "mark_scheduled", [request]) == ["1 request(s) scheduled."]
    assert ServiceRequest.objects.get().status == "scheduled"


def test_outages_and_requests_cannot_be_added_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:utilities_outage_add")).status_code == 403
    assert admin_client.get(reverse("admin:utilities_servicerequest_add")).status_code == 403
