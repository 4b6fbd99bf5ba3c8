"""Issue 12: the parking lists as staff read them — money, local times, reports first, search by place."""
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.parking.models import Payment, PaymentItem

pytestmark = pytest.mark.django_db
CITATIONS = reverse("admin:parking_citation_changelist")


def listed(client, url, **params) -> list:
    response = client.get(url, params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_reported_citations_awaiting_review_sort_first(admin_client, make_citation):
    old = make_citation(issued_days_ago=9)
    report = make_citation(status="reported")
    new = make_citation(issued_days_ago=1)
    assert listed(admin_client, CITATIONS)[:3] == [report, new, old]


def test_the_citation_list_shows_fines_as_money(admin_client, make_citation, violation_types):
    make_citation(kind=violation_types.driveway)
    page = admin_client.get(CITATIONS).content.decode()
    assert '<td class="field-fine_display">$75.00</td>' in page


@pytest.mark.parametrize("term", ["abc-123", "ABC 123", "abc123"])
def test_search_finds_a_plate_as_staff_read_it(admin_client, make_citation, term):
    mine = make_citation(plate="ABC123")
    make_citation(plate="XYZ999")
    assert listed(admin_client, CITATIONS, q=term) == [mine]


@pytest.mark.parametrize("term", ["Main St", "123 main street", "main"])
def test_search_finds_citations_by_location(admin_client, make_citation, term):
    main = make_citation(plate="AAA111", location="123 Main St")
    make_citation(plate="BBB222", location="456 Oak Ave")
    assert listed(admin_client, CITATIONS, q=term) == [main]


def test_payments_show_amounts_as_money_and_times_in_the_citys_zone(admin_client, make_citation, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    citation = make_citation(status="paid")
    payment = Payment.objects.create(receipt_number="RCP-2026-000001", license_plate="ABC123",
                                     amount=Decimal("1025.00"), method="Visa ending 4242", gateway="test",
                                     gateway_reference="t1", fingerprint="f", is_test=True,
                                     paid_at=datetime(2026, 10, 2, 16, 10, tzinfo=UTC))
    PaymentItem.objects.create(payment=payment, citation=citation, fine=Decimal("1000.00"),
                               late_fees=Decimal("25.00"), amount=Decimal("1025.00"))
    page = admin_client.get("/admin/parking/payment/").content.decode()
    assert '<td class="field-amount_display">$1,025.00</td>' in page
    assert "Oct. 2, 2026, 9:10 a.m." in page  # 16:10 UTC
    detail = admin_client.get(f"/admin/parking/payment/{payment.pk}/change/").content.decode()
    assert "$1,000.00" in detail and "$25.00" in detail


def test_violation_types_show_fines_and_late_fees_as_money(admin_client, violation_types):
    page = admin_client.get("/admin/parking/violationtype/").content.decode()
    assert '<td class="field-fine_display">$25.00</td>' in page
    assert '<td class="field-late_fee_initial_display">$10.00</td>' in page
    assert "Late fee cap" in page
