"""Synthetic citations (and the payments of the paid ones) for a city at scale.

Citations are spread over the last `years` years, numbered in date order per year after
the numbers already on record, written against the demo city's streets, landmarks and
active violation types, and follow the life a real ticket has: officer tickets and
residents' reports, paid (mostly on time, some with late fees), unpaid and past due,
contested, dismissed or void. Plates repeat the way they do in a city: most plates have
a ticket or two, a few have dozens. Plates already on record (the demo's ABC123) get none, so
their answers are the same at a thousand rows and at a million.
"""
import hashlib
import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from apps.core.money import CURRENCY, to_money
from apps.core.numbering import reference_advance, reference_last
from apps.parking.fees import late_fees_accrued
from apps.parking.generate.writer import TableWriter, next_pk
from apps.parking.models import Citation, Payment, PaymentItem
from apps.parking.selectors import citation_number_max, payment_receipt_max

MAX_PER_YEAR = 999_999  # numbers are VIO-<year>-<6 digits>: Max() compares them as text

# How common each violation is (codes the demo city knows; unknown codes weigh 1).
TYPE_WEIGHTS = {
    "expired_meter": 30, "overtime_parking": 14, "street_cleaning": 14, "no_parking_zone": 10,
    "residential_permit": 8, "expired_registration": 6, "double_parking": 5, "blocked_driveway": 4,
    "fire_hydrant": 3, "bus_zone": 3, "disabled_zone": 2,
}
# Officers write most tickets between 7 am and 7 pm.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 10, 9, 9, 9, 9, 8, 7, 5, 3, 2, 2, 1, 1]
DESCRIPTIONS = {
    "expired_meter": ["Meter expired", "Meter showed 0:00", "No payment at meter"],
    "overtime_parking": ["Chalked 09:10, still parked past limit", "Over posted 2-hour limit"],
    "street_cleaning": ["Parked during posted street cleaning", "Sweeper blocked"],
    "blocked_driveway": ["Blocking driveway access", "Resident could not exit driveway"],
    "fire_hydrant": ["Within 15 ft of hydrant"],
    "double_parking": ["Double parked in travel lane"],
    "bus_zone": ["Parked in red bus zone"],
    "disabled_zone": ["No placard displayed in disabled space"],
}
CONTEST_REASONS = [
    "The meter was broken; I reported it to the city that morning.",
    "The street cleaning sign was hidden by a tree.",
    "I was loading and unloading with hazards on.",
    "My car was sold before this date; the plate was transferred.",
    "I paid with the app; the receipt is attached.",
]
CARD_METHODS = ["Visa ending 4242", "Mastercard ending 4444", "Amex ending 0005", "Visa ending 1881",
                "Discover ending 1117", "Cash", "Check #1042"]
GATEWAYS = ["card_terminal", "online_portal", "phone_ivr", "cashier"]
BADGES = [f"officer:Badge {n}" for n in (3318, 4471, 5120, 2207, 6034, 7712, 1589, 3901, 4625, 5893)]
STAFF = ["staff:mlopez", "staff:jchen", "staff:okafor", "staff:rpatel"]
LETTERS = string.ascii_uppercase
DIGITS = string.digits


@dataclass
class CitationPlan:
    """What generate_citations was asked to make."""

    count: int
    years: int = 4
    end_date: date | None = None
    plate_ratio: float = 0.35  # distinct plates per citation
    seed: int = 0


@dataclass
class CitationResult:
    citations: int = 0
    payments: int = 0
    plates: int = 0
    by_status: dict = field(default_factory=dict)


def plate_pool(rng: random.Random, size: int, taken: set[str]) -> list[str]:
    """Return `size` distinct plates in the shapes a city sees (7ABC123, ABC1234, vanity)."""
    plates: list[str] = []
    seen = set(taken)
    while len(plates) < size:
        shape = rng.random()
        if shape < 0.7:
            plate = (rng.choice("123456789") + "".join(rng.choices(LETTERS, k=3))
                     + "".join(rng.choices(DIGITS, k=3)))
        elif shape < 0.9:
            plate = "".join(rng.choices(LETTERS, k=3)) + "".join(rng.choices(DIGITS, k=4))
        else:
            plate = "".join(rng.choices(LETTERS + DIGITS, k=rng.randint(5, 7)))
        if plate not in seen:
            seen.add(plate)
            plates.append(plate)
    return plates


def _locations(places: list) -> list[tuple[str, int]]:
    """(location text, place id) pairs: street addresses on the streets, and landmarks."""
    choices = []
    for place in places:
        if place.kind == "street":
            for number in range(100, 3000, 37):
                choices.append((f"{number} {place.name}", place.pk))
        elif place.kind in ("address", "landmark"):
            choices.append((place.name, place.pk))
    return choices


class NumberBook:
    """Hand out VIO-/RCP-<year>-<n> numbers after those on record, and remember the last."""

    def __init__(self, prefix: str, max_on_record):
        self.prefix = prefix
        self.max_on_record = max_on_record
        self.last: dict[int, int] = {}

    def next(self, year: int) -> str:
        if year not in self.last:
            key = f"{self.prefix}-{year}"
            recorded = reference_last(prefix=self.prefix, year=year)
            self.last[year] = max(recorded, self.max_on_record(prefix=key))
        number = self.last[year] + 1
        if number > MAX_PER_YEAR:
            raise ValueError(f"More than {MAX_PER_YEAR:,} {self.prefix} numbers in {year}: "
                             "spread the citations over more years (--years).")
        self.last[year] = number
        return f"{self.prefix}-{year}-{number:06d}"

    def save(self) -> None:
        """Advance the number sequences so tools and the admin continue after these numbers."""
        for year, last in self.last.items():
            reference_advance(prefix=self.prefix, year=year, last_number=last)


def _fate(rng: random.Random, *, source: str, age_days: int, due_in: int) -> str:
    """Pick where a citation is today, from how old it is and whether it is past due."""
    roll = rng.random()
    if source == Citation.Source.RESIDENT_REPORT and age_days <= 14 and roll < 0.6:
        return Citation.Status.REPORTED
    if due_in >= 0:  # not yet due
        if roll < 0.55:
            return Citation.Status.ISSUED
        if roll < 0.9:
            return Citation.Status.PAID
        return Citation.Status.CONTESTED if roll < 0.97 else Citation.Status.DISMISSED
    if roll < 0.72:
        return Citation.Status.PAID
    if roll < 0.86:
        return Citation.Status.ISSUED  # past due, late fees growing
    if roll < 0.93:
        return Citation.Status.DISMISSED
    if roll < 0.96:
        return Citation.Status.VOID
    return Citation.Status.CONTESTED if age_days <= 90 else Citation.Status.PAID


def generate_citations(plan: CitationPlan, *, violation_types: list, places: list,
                       taken_plates: set[str]) -> CitationResult:
    """Write `plan.count` citations (with payments for the paid ones); return what was made."""
    rng = random.Random(plan.seed)
    zone = timezone.get_current_timezone()
    end = plan.end_date or timezone.localdate()
    days = max(1, plan.years * 365)
    start = end - timedelta(days=days - 1)
    due_days = settings.PARKING_PAYMENT_DUE_DAYS
    types = list(violation_types)
    weights = [TYPE_WEIGHTS.get(t.code, 1) for t in types]
    locations = _locations(places)
    plates = plate_pool(rng, max(1, int(plan.count * plan.plate_ratio)), taken_plates)
    result = CitationResult(plates=len(plates))

    offsets = sorted(rng.randrange(days) for _ in range(plan.count))
    citation_numbers = NumberBook("VIO", citation_number_max)
    receipt_numbers = NumberBook("RCP", payment_receipt_max)
    citation_pk, payment_pk, item_pk = next_pk(Citation), next_pk(Payment), next_pk(PaymentItem)
    citations, payments, items = TableWriter(Citation), TableWriter(Payment), TableWriter(PaymentItem)
    hours = rng.choices(range(24), weights=HOUR_WEIGHTS, k=plan.count)
    type_picks = rng.choices(types, weights=weights, k=plan.count)
    # Most plates get a ticket or two; a long tail gets dozens (a weight of at most 30).
    plate_weights = [min(rng.paretovariate(1.8), 30.0) for _ in plates]
    plate_picks = rng.choices(plates, weights=plate_weights, k=plan.count)
    for index, offset in enumerate(offsets):
        day = start + timedelta(days=offset)
        observed = datetime.combine(day, time(hours[index], rng.randrange(60)), tzinfo=zone)
        kind = type_picks[index]
        plate = plate_picks[index]
        location, place_id = locations[rng.randrange(len(locations))]
        source = Citation.Source.RESIDENT_REPORT if rng.random() < 0.08 else Citation.Source.OFFICER
        age = (end - day).days
        due = day + timedelta(days=due_days)
        status = _fate(rng, source=source, age_days=age, due_in=(due - end).days)
        row = {
            "id": citation_pk, "license_plate": plate, "violation_type_id": kind.pk, "location": location,
            "place_id": place_id, "observed_at": observed, "fine": kind.fine, "status": status, "source": source,
            "description": rng.choice(DESCRIPTIONS.get(kind.code, [""])),
            "created_by": rng.choice(BADGES) if source == Citation.Source.OFFICER else "resident",
            "created_at": observed, "updated_at": observed,
        }
        if source == Citation.Source.RESIDENT_REPORT:
            row["reporter"] = f"resident report #{rng.randrange(10_000, 99_999)}"
        if status == Citation.Status.REPORTED:
            row["citation_number"] = citation_numbers.next(day.year)
        else:
            delay = rng.randint(2, 15) if source == Citation.Source.OFFICER else rng.randint(60, 2000)
            issued = observed + timedelta(minutes=delay)
            if issued.date() > end:  # a report from the last day: reviewed the same evening
                issued = observed + timedelta(minutes=5)
            issued_day = issued.date()
            row.update(citation_number=citation_numbers.next(issued_day.year), issued_at=issued,
                       due_date=issued_day + timedelta(days=due_days), created_at=issued, updated_at=issued)
            _settle(rng, row, status, kind, end, zone)
            if status == Citation.Status.PAID:
                payment, item = _payment(rng, row, kind, payment_pk, item_pk, citation_pk, receipt_numbers)
                payments.write(payment)
                items.write(item)
                payment_pk += 1
                item_pk += 1
        citations.write(row)
        result.by_status[status] = result.by_status.get(status, 0) + 1
        citation_pk += 1
    result.citations = citations.close()
    result.payments = payments.close()
    items.close()
    citation_numbers.save()
    receipt_numbers.save()
    return result


def _at(day: date, rng: random.Random, zone) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 19), rng.randrange(60)), tzinfo=zone)


def _settle(rng: random.Random, row: dict, status: str, kind, end: date, zone) -> None:
    """Fill the dates and notes of what happened after the ticket was issued."""
    issued_day = row["issued_at"].date()
    latest = max(issued_day, end - timedelta(days=1))
    if status == Citation.Status.CONTESTED:
        filed = min(issued_day + timedelta(days=rng.randint(1, 20)), end)
        row.update(contested_at=_at(filed, rng, zone), contest_reason=rng.choice(CONTEST_REASONS),
                   updated_at=_at(filed, rng, zone))
    elif status in (Citation.Status.DISMISSED, Citation.Status.VOID):
        decided = min(issued_day + timedelta(days=rng.randint(3, 40)), latest)
        row.update(decided_at=_at(decided, rng, zone), decided_by=rng.choice(STAFF), updated_at=_at(decided, rng, zone))
        if status == Citation.Status.DISMISSED:
            row.update(contested_at=row["issued_at"] + timedelta(days=1), contest_reason=rng.choice(CONTEST_REASONS),
                       decision_note="Contest granted.")
        else:
            row["decision_note"] = "Voided: entered twice by the handheld."
    elif status == Citation.Status.PAID:
        # Most pay before the due date; some a month or two late, with late fees.
        late = rng.random() < 0.18
        offset = rng.randint(31, 95) if late else rng.randint(0, 29)
        paid = min(issued_day + timedelta(days=offset), latest)
        row["paid_at"] = _at(paid, rng, zone)
        row["updated_at"] = row["paid_at"]


def _payment(rng: random.Random, row: dict, kind, payment_pk: int, item_pk: int, citation_pk: int,
             receipts: NumberBook) -> tuple[dict, dict]:
    paid_at = row["paid_at"]
    late = late_fees_accrued(kind.late_fee_schedule, due_date=row["due_date"], on=paid_at.date())
    amount = to_money(Decimal(row["fine"]) + late)
    gateway = rng.choice(GATEWAYS)
    reference = hashlib.blake2b(f"{row['citation_number']}".encode(), digest_size=8).hexdigest()
    payment = {
        "id": payment_pk, "receipt_number": receipts.next(paid_at.year), "license_plate": row["license_plate"],
        "amount": amount, "currency": CURRENCY, "method": rng.choice(CARD_METHODS), "gateway": gateway,
        "gateway_reference": f"{gateway}-{reference}", "is_test": False, "idempotency_key": None,
        "fingerprint": hashlib.sha256(reference.encode()).hexdigest(), "paid_at": paid_at,
        "created_by": "generate_city",
    }
    item = {"id": item_pk, "payment_id": payment_pk, "citation_id": citation_pk, "fine": row["fine"],
            "late_fees": late, "amount": amount}
    return payment, item
