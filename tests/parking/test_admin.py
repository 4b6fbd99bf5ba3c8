"""The staff admin: citations with payments inline, actions through the services, fee schedules."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.parking.models import Citation, ParkingFacility, ViolationType
from apps.parking.services import citation_pay
from tests.helpers.admin import changelist_get
from tests.parking.helpers import events

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:parking_citation_changelist"


def act(client, action, *citations, **extra):
    return client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [c.pk for c in citations],
                                             **extra}, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_issue_reported_citations(admin_client, make_citation):
    report = make_citation(status="reported")
    response = act(admin_client, "issue_reported", report)
    assert response.status_code == 200
    assert messages_of(response) == ["1 citation(s) issued."]
    report.refresh_from_db()
    assert (report.status, report.decided_by) == ("issued", "admin")
    assert report.due_date == timezone.localdate() + timedelta(days=30)
    [event] = events("violation.status_changed")
    assert (event.data["old_status"], event.data["status"], event.data["actor"]) == ("reported", "issued", "admin")


def test_an_action_refuses_what_its_service_refuses_and_does_the_rest(admin_client, make_citation):
    report = make_citation(status="reported")
    paid = make_citation(status="paid")
    # Issue 12: dismissing asks for the reason, for the citations that may be dismissed.
    response = act(admin_client, "dismiss", report, paid, apply="1", reason="Duplicate of a handheld entry.")
    assert messages_of(response) == [f"Citation {paid.citation_number} is paid; it cannot be dismissed.",
                                     "1 citation(s) dismissed."]
    report.refresh_from_db()
    paid.refresh_from_db()
    assert (report.status, paid.status) == ("dismissed", "paid")
    assert [e.data["citation_number"] for e in events()] == [report.citation_number]


def test_void(admin_client, make_citation):
    issued = make_citation()
    act(admin_client, "void", issued, apply="1", reason="Entered twice by the handheld.")
    issued.refresh_from_db()
    assert (issued.status, issued.decision_note) == ("void", "Entered twice by the handheld.")


def test_decide_contests(admin_client, make_citation):
    granted = make_citation(status="contested", issued_days_ago=6, contested_days_ago=4)
    denied = make_citation(status="contested", issued_days_ago=6, contested_days_ago=4)
    due = denied.due_date
    assert messages_of(act(admin_client, "grant_contest", granted, apply="1", reason="The sign was missing.")) == [
        "1 citation(s) dismissed on contest."]
    assert messages_of(act(admin_client, "deny_contest", denied, apply="1", reason="The photo shows the meter.")) == [
        "1 citation(s) reinstated (contest denied)."]
    granted.refresh_from_db()
    denied.refresh_from_db()
    assert granted.status == "dismissed"
    assert (denied.status, denied.due_date) == ("issued", due + timedelta(days=4))
    assert [e.data["status"] for e in events("violation.status_changed")] == ["dismissed", "issued"]


def test_changelist_search_and_filters(admin_client, make_citation, violation_types):
    mine = make_citation(plate="ABC123", number="VIO-2025-001234")
    other = make_citation(plate="XYZ789", kind=violation_types.driveway, status="paid", issued_days_ago=40)
    url = reverse(CHANGELIST)

    def listed(**params):
        return list(admin_client.get(url, params).context["cl"].result_list)

    assert listed(q="abc-123") == [mine]
    assert listed(q="VIO-2025-001234") == [mine]
    assert listed(status__exact="paid") == [other]
    assert listed(violation_type__id__exact=violation_types.driveway.pk) == [other]
    day = timezone.localdate(mine.issued_at)
    assert listed(issued_at__year=day.year, issued_at__month=day.month, issued_at__day=day.day) == [mine]


def test_changelist_query_count_is_flat(admin_client, make_citation, django_assert_max_num_queries):
    for _ in range(3):
        make_citation()
    admin_client.get(reverse(CHANGELIST))
    with django_assert_max_num_queries(12) as few:
        changelist_get(admin_client, "parking.citation")
    for _ in range(20):
        make_citation()
    with django_assert_max_num_queries(len(few)):
        page = changelist_get(admin_client, "parking.citation")
    numbers = list(Citation.objects.values_list("citation_number", flat=True))
    assert len(numbers) == 23 and all(number in page for number in numbers)


def test_change_page_shows_the_payment_inline_and_balance(admin_client, make_citation):
    citation = make_citation(issued_days_ago=45)
    outcome = citation_pay(license_plate="ABC123", citation_numbers=[citation.citation_number],
                           amount=Decimal("35.00"), payment_method="tok_visa")
    page = admin_client.get(reverse("admin:parking_citation_change", args=[citation.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert outcome.payment.receipt_number in body and "Visa ending 4242" in body
    assert "$0.00 due ($25.00 fine + $10.00 late fees)" in body


def test_only_notes_are_editable_on_a_citation(admin_client, make_citation):
    citation = make_citation()
    response = admin_client.post(reverse("admin:parking_citation_change", args=[citation.pk]), {
        "notes": "Owner called.", "status": "paid", "license_plate": "HACKED",
        "payment_item-TOTAL_FORMS": "0", "payment_item-INITIAL_FORMS": "0",
        "payment_item-MIN_NUM_FORMS": "0", "payment_item-MAX_NUM_FORMS": "0"})
    assert response.status_code == 302
    citation.refresh_from_db()
    assert (citation.notes, citation.status, citation.license_plate) == ("Owner called.", "issued", "ABC123")


def test_citations_are_neither_added_nor_deleted_in_the_admin(admin_client, make_citation):
    citation = make_citation()
    assert admin_client.get(reverse("admin:parking_citation_add")).status_code == 403
    assert admin_client.get(reverse("admin:parking_citation_delete", args=[citation.pk])).status_code == 403


def test_violation_type_fees_are_editable(admin_client, violation_types):
    meter = violation_types.meter
    response = admin_client.post(reverse("admin:parking_violationtype_change", args=[meter.pk]), {
        "code": "expired_meter", "description": "Expired Meter", "ordinance": "§ 7.2.23", "fine": "30.00",
        "late_fee_initial": "12.00", "late_fee_recurring": "12.00", "late_fee_interval_days": "30",
        "late_fee_cap": "48.00", "is_active": "on"})
    assert response.status_code == 302
    meter.refresh_from_db()
    assert (meter.fine, meter.late_fee_cap) == (Decimal("30.00"), Decimal("48.00"))


def test_facilities_are_editable(admin_client, facilities):
    page = admin_client.get(reverse("admin:parking_parkingfacility_changelist"))
    assert "$5.00 flat rate" in page.content.decode()
    main = facilities.main
    response = admin_client.post(reverse("admin:parking_parkingfacility_change", args=[main.pk]), {
        "name": main.name, "kind": "street", "address": "", "latitude": "37.780500", "longitude": "-122.418600",
        "hourly_rate": "2.50", "time_limit_minutes": "120", "enforcement_start": "08:00:00",
        "enforcement_end": "18:00:00", "capacity": "10", "occupied": "9", "is_active": "on"})
    assert response.status_code == 302
    main.refresh_from_db()
    assert (main.hourly_rate, main.spaces_available) == (Decimal("2.50"), 1)


def test_payments_are_view_only(admin_client, make_citation):
    citation = make_citation()
    outcome = citation_pay(license_plate="ABC123", citation_numbers=[citation.citation_number],
                           amount=Decimal("25.00"), payment_method="tok_visa")
    page = admin_client.get(reverse("admin:parking_payment_change", args=[outcome.payment.pk]))
    assert page.status_code == 200 and citation.citation_number in page.content.decode()
    assert admin_client.get(reverse("admin:parking_payment_add")).status_code == 403
    assert ViolationType.objects.count() == 3 and ParkingFacility.objects.count() == 0
    assert Citation.objects.get().status == "paid"
