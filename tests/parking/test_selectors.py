"""Reads: balances by today, a plate's outstanding report, type resolution, completions."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.parking import errors
from apps.parking.models import Citation
from apps.parking.parsing import date_range_parse
from apps.parking.selectors import (
    citation_balance,
    citation_get,
    citation_number_max,
    citation_numbers_with_prefix,
    citation_outstanding_report,
    facility_cost,
    facility_rate_text,
    payment_options,
    violation_type_codes_starting,
    violation_type_resolve,
    violation_types_with_counts,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_a_citation_within_its_due_date_owes_the_fine(make_citation):
    balance = citation_balance(make_citation(issued_days_ago=30), today=today())  # due today
    assert (balance.fine, balance.late_fees, balance.amount_due) == (Decimal("25.00"), Decimal("0.00"),
                                                                     Decimal("25.00"))
    assert balance.days_overdue == 0
    assert balance.next_late_fee_on == today() + timedelta(days=1)
    assert balance.next_late_fee_amount == Decimal("10.00")


def test_late_fees_accrue_from_the_day_after_the_due_date(make_citation):
    balance = citation_balance(make_citation(issued_days_ago=31), today=today())
    assert (balance.late_fees, balance.amount_due, balance.days_overdue) == (Decimal("10.00"), Decimal("35.00"), 1)
    assert balance.late_fees_capped is False


def test_late_fees_stop_at_the_cap(make_citation, violation_types):
    balance = citation_balance(make_citation(kind=violation_types.driveway, issued_days_ago=700), today=today())
    assert (balance.late_fees, balance.amount_due) == (Decimal("75.00"), Decimal("150.00"))
    assert balance.late_fees_capped is True
    assert balance.next_late_fee_on is None


def test_a_pending_contest_freezes_late_fees_at_the_filing_day(make_citation):
    # Due 10 days ago, contested 15 days ago (before the due date): nothing accrues while pending.
    citation = make_citation(status=Citation.Status.CONTESTED, issued_days_ago=40, contested_days_ago=15)
    balance = citation_balance(citation, today=today())
    assert (balance.late_fees, balance.days_overdue, balance.late_fees_paused) == (Decimal("0.00"), 0, True)
    assert balance.next_late_fee_on is None
    # Contested after the due date: what had accrued stays, nothing more.
    late = make_citation(status=Citation.Status.CONTESTED, issued_days_ago=100, contested_days_ago=50)
    frozen = citation_balance(late, today=today())
    assert (frozen.late_fees, frozen.days_overdue) == (Decimal("10.00"), 20)  # 20 days late when filed
    assert citation_balance(make_citation(issued_days_ago=100), today=today()).late_fees == Decimal("30.00")


@pytest.mark.parametrize("status", ["reported", "dismissed", "void"])
def test_closed_or_unissued_citations_owe_nothing(make_citation, status):
    balance = citation_balance(make_citation(status=status, issued_days_ago=400), today=today())
    assert (balance.late_fees, balance.amount_due) == (Decimal("0.00"), Decimal("0.00"))


def test_outstanding_report_lists_issued_and_contested_oldest_first(make_citation, violation_types):
    old = make_citation(issued_days_ago=45)
    contested = make_citation(status="contested", issued_days_ago=3)
    make_citation(status="paid", issued_days_ago=10)
    make_citation(status="dismissed", issued_days_ago=9)
    make_citation(status="reported", issued_days_ago=1)
    make_citation(plate="OTHER1", issued_days_ago=2)
    report = citation_outstanding_report(license_plate="ABC123")
    assert [b.citation for b in report.balances] == [old, contested]
    assert report.total_fines == Decimal("50.00")
    assert report.total_late_fees == Decimal("10.00")
    assert report.total_outstanding == Decimal("60.00")
    assert report.as_of == today()


def test_outstanding_report_by_date_range(make_citation):
    recent = make_citation(issued_days_ago=3)
    make_citation(issued_days_ago=40)
    report = citation_outstanding_report(license_plate="ABC123", date_range=date_range_parse("30d", today=today()))
    assert [b.citation for b in report.balances] == [recent]


def test_outstanding_report_query_count_is_flat(make_citation, django_assert_num_queries):
    make_citation()
    with django_assert_num_queries(1):
        citation_outstanding_report(license_plate="ABC123")
    for days in range(10):
        make_citation(issued_days_ago=days)
    with django_assert_num_queries(1):
        citation_outstanding_report(license_plate="ABC123")


def test_citation_get(make_citation):
    citation = make_citation(number="VIO-2025-001234")
    assert citation_get(citation_number="VIO-2025-001234") == citation
    with pytest.raises(ServiceError) as error:
        citation_get(citation_number="VIO-2025-009999")
    assert error.value.message == errors.CITATION_NUMBER_NOT_FOUND.format(number="VIO-2025-009999")


@pytest.mark.parametrize("value", ["expired_meter", "EXPIRED_METER", "Expired Meter", "expired-meter",
                                   " expired meter "])
def test_violation_types_resolve_by_code_or_description(violation_types, value):
    assert violation_type_resolve(value=value) == violation_types.meter


@pytest.mark.parametrize("value", ["speeding", "oversized_vehicle"])  # unknown; inactive
def test_unknown_or_inactive_violation_types_list_the_valid_ones(violation_types, value):
    with pytest.raises(ServiceError) as error:
        violation_type_resolve(value=value)
    assert error.value.field == "violation_type"
    assert error.value.message == errors.UNKNOWN_VIOLATION_TYPE.format(
        value=value, valid="blocked_driveway, expired_meter")


def test_violation_type_completion(violation_types):
    assert violation_type_codes_starting(prefix="") == ["blocked_driveway", "expired_meter"]
    assert violation_type_codes_starting(prefix="ex") == ["expired_meter"]
    assert violation_type_codes_starting(prefix="Blocked D") == ["blocked_driveway"]
    assert violation_type_codes_starting(prefix="zz") == []


def test_citation_number_completion_offers_years_then_exact_matches(make_citation):
    make_citation(number="VIO-2025-001234")
    make_citation(number="VIO-2025-001456")
    make_citation(number="VIO-2026-000007")
    assert citation_numbers_with_prefix(prefix="") == ["VIO-2026-", "VIO-2025-"]
    assert citation_numbers_with_prefix(prefix="vio-2025") == ["VIO-2025-"]
    assert citation_numbers_with_prefix(prefix="VIO-2025-00") == []  # no listing of other people's tickets
    assert citation_numbers_with_prefix(prefix="VIO-2025-0014") == ["VIO-2025-001456"]
    assert citation_number_max(prefix="VIO-2025") == 1456
    assert citation_number_max(prefix="VIO-2027") == 0


def test_violation_types_with_counts(make_citation, violation_types):
    make_citation()
    make_citation(status="contested")
    make_citation(status="paid")
    counts = {t.code: t.outstanding for t in violation_types_with_counts()}
    assert counts == {"blocked_driveway": 0, "expired_meter": 2, "oversized_vehicle": 0}


def test_payment_options_come_from_settings(settings):
    settings.PARKING_PAYMENT_PHONE = "(555) 000-0000"
    assert payment_options() == {"online_url": "https://city.ai/parking/pay", "phone": "(555) 000-0000",
                                 "in_person": "City Hall, Room 101"}


def test_facility_rates_and_costs(facilities):
    assert facility_rate_text(facilities.main) == "$2.00/hour"
    assert facility_rate_text(facilities.garage) == "$5.00 flat rate"
    assert facility_rate_text(facilities.ferry) == "$3.00/hour, $20.00 daily max"
    assert facility_cost(facilities.main, minutes=120) == Decimal("4.00")
    assert facility_cost(facilities.first, minutes=90) == Decimal("2.25")
    assert facility_cost(facilities.garage, minutes=600) == Decimal("5.00")
    assert facility_cost(facilities.ferry, minutes=600) == Decimal("20.00")  # daily max
    facilities.main.hourly_rate = None
    assert facility_rate_text(facilities.main) == "Free"
    assert facility_cost(facilities.main, minutes=60) == Decimal("0.00")


def test_outstanding_messages_are_sentences():
    for message in errors.NOT_PAYABLE.values():
        assert re.match(r"^Citation \{number\}", message)
