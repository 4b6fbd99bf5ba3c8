"""Utilities test data built by the tests themselves, and a way to call tools in-process."""
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.places.models import Place
from apps.places.normalize import place_key
from apps.utilities.models import Account, AccountService, Bill, BillLine, Outage
from tests.helpers.places import place_create
from tests.helpers.tools import call_tool_fixture


call_tool = call_tool_fixture("utilities")


@pytest.fixture
def places(db):
    """Oak Ave and two addresses 0.3 miles apart; Pine St about a mile away."""
    return SimpleNamespace(
        oak=place_create("Oak Ave", Place.Kind.STREET, "37.775200", "-122.425400", zone="R-1"),
        oak_456=place_create("456 Oak Ave", Place.Kind.ADDRESS, "37.775000", "-122.426100", zone="R-1"),
        oak_st_123=place_create("123 Oak St", Place.Kind.ADDRESS, "37.772300", "-122.430400", zone="R-1"),
        pine=place_create("Pine St", Place.Kind.STREET, "37.788900", "-122.415800", zone="R-1"),
        pine_42=place_create("42 Pine St", Place.Kind.ADDRESS, "37.789200", "-122.416400", zone="R-1"),
    )


def make_account(number, place, services=("water",), status=Account.Status.ACTIVE, holder="Jordan Lee"):
    account = Account.objects.create(account_number=number, holder_name=holder, service_address=place.name,
                                     address_key=place_key(place.name), place=place, latitude=place.latitude,
                                     longitude=place.longitude, status=status, opened_on=date(2020, 1, 1))
    for kind in services:
        AccountService.objects.create(account=account, service_type=kind, started_on=date(2020, 1, 1))
    return account


@pytest.fixture
def accounts(places):
    return SimpleNamespace(
        lee=make_account("UA-100234", places.oak_456, ("water", "sewer", "electric")),
        solo=make_account("UA-100300", places.pine_42, ("gas",), holder="Sam Solo"),
        closed=make_account("UA-100198", places.oak_st_123, status=Account.Status.CLOSED, holder="Alex Morgan"),
    )


def make_bill(account, *, months_ago: int, amount: str, paid: str = "0.00", due_in_days: int | None = None,
              paid_on=None, lines=(("water", "Water usage", "3600", "gal"),)):
    """A monthly bill; due `due_in_days` from today (default: 21 days after issue)."""
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=31 * months_ago)).replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    issued = end + timedelta(days=3)
    due = today + timedelta(days=due_in_days) if due_in_days is not None else issued + timedelta(days=21)
    bill = Bill.objects.create(account=account, bill_number=f"UB-{start:%Y%m}-{account.account_number[3:]}",
                               period_start=start, period_end=end, issued_on=min(issued, due), due_date=due,
                               amount=Decimal(amount), amount_paid=Decimal(paid), paid_on=paid_on)
    share = Decimal(amount) / len(lines)
    for kind, description, usage, unit in lines:
        BillLine.objects.create(bill=bill, service_type=kind, description=description,
                                usage=Decimal(usage) if usage else None, unit=unit,
                                amount=share.quantize(Decimal("0.01")))
    return bill


def make_outage(outage_id, place, service_type="water", status=Outage.Status.CREW_DISPATCHED, **fields):
    values = dict(outage_id=outage_id, service_type=service_type, status=status, address=place.name,
                  latitude=place.latitude, longitude=place.longitude, report_count=1,
                  reported_at=timezone.now() - timedelta(hours=2))
    if status == Outage.Status.RESOLVED:
        values["resolved_at"] = timezone.now() - timedelta(hours=1)
    values.update(fields)
    return Outage.objects.create(**values)
