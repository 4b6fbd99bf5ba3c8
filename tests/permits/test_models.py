"""Invariants the database itself enforces."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from apps.permits.models import FeeRule, Inspection, PermitType, RequiredDocument
from tests.permits.helpers import issued_deck, local


def test_business_type_rows_need_match_values(deck_type):
    with pytest.raises(IntegrityError), transaction.atomic():
        RequiredDocument.objects.create(permit_type=deck_type, code="x", name="X", applies_when="business_type")


def test_a_flat_fee_has_no_rate(deck_type):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeRule.objects.create(permit_type=deck_type, label="X", kind="other", basis="none", rate=Decimal("1"))


def test_fee_minimum_at_most_maximum(deck_type):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeRule.objects.create(permit_type=deck_type, label="X", kind="other", basis="valuation", rate=Decimal("1"),
                               minimum=Decimal("10"), maximum=Decimal("5"))


def test_review_days_ordered(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PermitType.objects.create(code="x", name="X", category="building", project_label="X", review_days_min=10,
                                  review_days_max=5, validity_months=1)


def test_document_codes_unique_per_type(deck_type):
    with pytest.raises(IntegrityError), transaction.atomic():
        RequiredDocument.objects.create(permit_type=deck_type, code="site_plan", name="Again")


def test_an_inspector_slot_holds_one_live_booking(deck_type, places, inspectors):
    first, second = issued_deck(), issued_deck()
    kind = deck_type.inspection_types.get(code="foundation")
    at = local(2026, 12, 1, 9)
    Inspection.objects.create(application=first, inspection_type=kind, inspector=inspectors.maria, scheduled_for=at,
                              status="cancelled")
    Inspection.objects.create(application=first, inspection_type=kind, inspector=inspectors.maria, scheduled_for=at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.create(application=second, inspection_type=kind, inspector=inspectors.maria,
                                  scheduled_for=at)


def test_one_pending_booking_per_inspection(deck_type, places, inspectors):
    application = issued_deck()
    kind = deck_type.inspection_types.get(code="foundation")
    Inspection.objects.create(application=application, inspection_type=kind, inspector=inspectors.maria,
                              scheduled_for=local(2026, 12, 1, 9))
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.create(application=application, inspection_type=kind, inspector=inspectors.james,
                                  scheduled_for=local(2026, 12, 2, 9) + dt.timedelta(hours=2))
