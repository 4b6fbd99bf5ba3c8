"""generate_city on a small scale: consistent, varied, deterministic rows that the tools read."""
import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.models import ReferenceSequence
from apps.mcp.call import Call
from apps.mcp.calls import run_tool
from apps.mcp.registry import registry
from apps.parking.fees import late_fees_accrued
from apps.parking.models import Citation, ParkingFacility, Payment
from apps.parking.selectors import citation_outstanding_report
from apps.parking.services.numbers import citation_number_next, receipt_number_next
from apps.permits import workflow
from apps.permits.models import PermitApplication
from apps.places.geo import distance_miles
from apps.places.models import Place
from bench.harness import CALLS
from tests.bench.conftest import END_DATE, GENERATED, generate

pytestmark = pytest.mark.django_db

NUMBER_RE = re.compile(r"^VIO-(20\d\d)-\d{6}$")
RECEIPT_RE = re.compile(r"^RCP-(20\d\d)-\d{6}$")


def generated(city):
    return Citation.objects.filter(pk__gte=city["first_citation"])


def test_counts_and_statuses(city):
    citations = list(generated(city))
    assert len(citations) == GENERATED["citations"]
    statuses = Counter(c.status for c in citations)
    assert {"issued", "paid", "dismissed"} <= set(statuses)
    assert statuses["paid"] > statuses["issued"] > 0
    assert len({c.violation_type_id for c in citations}) >= 6
    assert all(c.violation_type.is_active for c in citations)
    assert ParkingFacility.objects.filter(name__contains=" block)").count() >= 1
    assert PermitApplication.objects.filter(submitted_by="generate_city").count() == GENERATED["applications"]


def test_citations_are_consistent(city):
    for citation in generated(city).select_related("violation_type", "place"):
        found = NUMBER_RE.match(citation.citation_number)
        assert found, citation.citation_number
        assert citation.fine == citation.violation_type.fine
        assert citation.place is not None and citation.place.kind in ("street", "address", "landmark")
        assert timezone.localdate(citation.observed_at) <= END_DATE
        if citation.status == "reported":
            assert citation.issued_at is None and citation.source == "resident_report"
        else:
            issued_on = timezone.localdate(citation.issued_at)
            assert int(found.group(1)) == issued_on.year
            assert citation.issued_at >= citation.observed_at
            assert citation.due_date - issued_on == timedelta(days=settings.PARKING_PAYMENT_DUE_DAYS)


def test_paid_citations_have_payments_that_add_up(city):
    paid = list(generated(city).filter(status="paid").select_related("violation_type", "payment_item__payment"))
    assert paid
    for citation in paid:
        item = citation.payment_item
        payment = item.payment
        late = late_fees_accrued(citation.violation_type.late_fee_schedule, due_date=citation.due_date,
                                 on=timezone.localdate(payment.paid_at))
        assert (item.fine, item.late_fees, item.amount) == (citation.fine, late, citation.fine + late)
        assert payment.amount == item.amount
        assert payment.license_plate == citation.license_plate
        assert payment.paid_at == citation.paid_at
        assert RECEIPT_RE.match(payment.receipt_number)
    assert any(c.payment_item.late_fees > 0 for c in paid)  # some paid late


def test_plates_repeat_like_a_citys(city):
    per_plate = Counter(generated(city).values_list("license_plate", flat=True))
    assert 5 <= max(per_plate.values()) <= GENERATED["citations"] * 15 // 100
    assert sum(1 for n in per_plate.values() if n == 1) > len(per_plate) / 5
    assert sum(1 for n in per_plate.values() if n <= 3) > len(per_plate) / 2
    assert all(re.fullmatch(r"[A-Z0-9]{5,7}", plate) for plate in per_plate)


def test_demo_plates_get_nothing_new(city):
    report = citation_outstanding_report(license_plate="ABC123")
    numbers = [b.citation.citation_number for b in report.balances]
    assert numbers == ["VIO-2025-001234", "VIO-2025-001456"]
    assert Citation.objects.filter(license_plate="ABC123").aggregate(n=Max("pk"))["n"] < generated(city).first().pk


def test_numbers_continue_after_the_generated_ones(city):
    for prefix, model, field in (("VIO", Citation, "citation_number"), ("RCP", Payment, "receipt_number")):
        for sequence in ReferenceSequence.objects.filter(prefix=prefix):
            start = f"{prefix}-{sequence.year}-"
            top = model.objects.filter(**{f"{field}__startswith": start}).aggregate(t=Max(field))["t"]
            assert sequence.last_number == int(top.rsplit("-", 1)[1]), start
    with transaction.atomic():
        fresh = citation_number_next()
        receipt = receipt_number_next()
        assert not Citation.objects.filter(citation_number=fresh).exists()
        assert not Payment.objects.filter(receipt_number=receipt).exists()
        transaction.set_rollback(True)


def test_facilities_are_near_the_city_and_within_capacity(city):
    anchors = list(Place.objects.filter(kind__in=["street", "landmark"]))
    facilities = ParkingFacility.objects.filter(pk__gte=city["first_facility"])
    assert facilities.count() == GENERATED["facilities"]
    for facility in facilities:
        assert 0 <= facility.occupied <= facility.capacity
        nearest = min(distance_miles(p.latitude, p.longitude, facility.latitude, facility.longitude) for p in anchors)
        assert nearest < 0.6
        assert (facility.flat_rate is not None) or (facility.hourly_rate is not None)


def test_applications_walk_the_workflow_with_assessed_fees(city):
    applications = PermitApplication.objects.filter(submitted_by="generate_city").prefetch_related("timeline", "fees")
    for application in applications:
        steps = [entry.status for entry in application.timeline.all()]
        assert steps[0] == "submitted" and steps[-1] == application.status
        assert all(workflow.can_move(a, b) for a, b in zip(steps, steps[1:])), steps
        fees = list(application.fees.all())
        assert fees and sum((f.amount for f in fees), Decimal(0)) > 0
        assert all(f.paid_at is not None for f in fees) == (application.status in ("issued", "inspections", "finaled"))
        allowed = application.permit_type.zone_class_list()
        assert not allowed or application.zone[0] in allowed
    references = [a.reference for a in applications]
    assert len(set(references)) == len(references)
    for counter in ReferenceSequence.objects.filter(prefix="PRM"):
        top = PermitApplication.objects.filter(reference__startswith=f"PRM-{counter.year}-").aggregate(
            t=Max("reference"))["t"]
        assert top is None or counter.last_number >= int(top.rsplit("-", 1)[1])


def _fingerprint(after_pk: int) -> list:
    return list(Citation.objects.filter(pk__gt=after_pk).order_by("pk").values_list(
        "citation_number", "license_plate", "status", "violation_type_id", "location", "observed_at", "issued_at",
        "paid_at", "fine"))


def test_same_seed_same_city_other_seed_other_city(city):
    last = Citation.objects.order_by("-pk").values_list("pk", flat=True).first()
    made = []
    for seed in (11, 11, 12):
        with transaction.atomic():
            generate(citations=50, facilities=0, applications=0, seed=seed)
            made.append(_fingerprint(last))
            transaction.set_rollback(True)
    assert len(made[0]) == 50
    assert made[0] == made[1]
    assert made[0] != made[2]


def test_output_says_what_was_made(city):
    with transaction.atomic():
        output = generate(citations=20, facilities=2, applications=3, seed=2)
        transaction.set_rollback(True)
    lines = output.splitlines()
    assert lines[0] == "2 parking facilities"
    assert re.fullmatch(r"20 citations on 7 plates \(.+\); \d+ payments", lines[1])
    assert re.fullmatch(r"3 permit applications \(.+\)", lines[2])
    assert re.fullmatch(r"Done in \d+\.\ds\.", lines[3])


def test_tool_query_counts_do_not_depend_on_the_number_of_rows(city):
    """The benchmark's three calls make the same queries with 400 or 1,400 generated citations."""
    def counts():
        found = {}
        for call in CALLS:
            tool = registry.find_tool(call.domain, call.name)
            with CaptureQueriesContext(connection) as captured:
                result = run_tool(tool, call.arguments, Call(domain=call.domain, listener=call.domain,
                                                             version="2025-11-25"))
            assert not result.is_error and call.expect in result.text
            found[call.name] = len(captured)
        return found

    before = counts()
    with transaction.atomic():
        generate(citations=1000, facilities=0, applications=100, seed=9)
        after = counts()
        transaction.set_rollback(True)
    assert after == before
    assert before["check_violations"] <= 3
