"""Reads for parking: look-ups with their related rows fetched up front.

Balances (fine + late fees accrued by a given day) are computed here from
apps.parking.fees, so every answer — tools, resources, admin, payments — agrees on what
a citation costs today.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from apps.core.compiled import CompiledQuery
from apps.core.errors import ServiceError
from apps.core.money import format_money, to_money
from apps.parking import errors
from apps.parking.errors import ParkingErrorCode
from apps.parking.fees import (
    ZERO,
    contest_deadline,
    days_overdue,
    late_fees_accrued,
    late_fees_as_of,
    next_late_fee_on,
)
from apps.parking.models import Citation, ParkingFacility, Payment, PaymentIntent, ViolationType
from apps.parking.parsing import DateRange

OUTSTANDING = (Citation.Status.ISSUED, Citation.Status.CONTESTED)


# --- violation types -------------------------------------------------------------------
def violation_type_list(*, active_only: bool = True) -> list[ViolationType]:
    """Return the violation types residents and officers may use, by description."""
    types = ViolationType.objects.all()
    if active_only:
        types = types.filter(is_active=True)
    return list(types.order_by("description"))


def _type_key(text: str) -> str:
    return "_".join(str(text).strip().lower().replace("-", " ").split())


def violation_type_resolve(*, value: str) -> ViolationType:
    """Return the active type `value` names, by code ("expired_meter") or description ("Expired Meter")."""
    key = _type_key(value)
    for violation_type in violation_type_list():
        if key in (violation_type.code, _type_key(violation_type.description)):
            return violation_type
    valid = ", ".join(t.code for t in violation_type_list())
    raise ServiceError(ParkingErrorCode.UNKNOWN_VIOLATION_TYPE,
                       errors.UNKNOWN_VIOLATION_TYPE.format(value=str(value).strip(), valid=valid),
                       field="violation_type", details={"valid": valid.split(", ")})


def violation_type_codes_starting(*, prefix: str) -> list[str]:
    """Return active type codes matching a typed prefix (of the code or the description)."""
    key = _type_key(prefix)
    return [t.code for t in violation_type_list()
            if t.code.startswith(key) or _type_key(t.description).startswith(key)]


# --- balances --------------------------------------------------------------------------
@dataclass(frozen=True)
class CitationBalance:
    """What one citation costs on `as_of`: the fine, late fees and their schedule."""

    citation: Citation
    fine: Decimal
    late_fees: Decimal
    amount_due: Decimal
    days_overdue: int
    late_fees_paused: bool
    next_late_fee_on: date | None
    next_late_fee_amount: Decimal | None
    late_fees_capped: bool


def local_day(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def citation_balance(citation: Citation, *, today: date) -> CitationBalance:
    """Return the balance of `citation` on `today` (zero unless it is issued or contested).

    A pending contest stops the clock at the day it was filed; a paid citation shows what
    was paid.
    """
    if citation.status == Citation.Status.PAID:
        item = getattr(citation, "payment_item", None)
        late = item.late_fees if item else ZERO
        return CitationBalance(citation, citation.fine, late, ZERO, 0, False, None, None, False)
    if citation.status not in OUTSTANDING or citation.due_date is None:
        return CitationBalance(citation, citation.fine, ZERO, ZERO, 0, False, None, None, False)
    schedule = citation.violation_type.late_fee_schedule
    paused = citation.status == Citation.Status.CONTESTED
    on = late_fees_as_of(today=today, contested_on=local_day(citation.contested_at) if paused else None)
    late = late_fees_accrued(schedule, due_date=citation.due_date, on=on)
    following = None if paused else next_late_fee_on(schedule, due_date=citation.due_date, on=on)
    step = (late_fees_accrued(schedule, due_date=citation.due_date, on=following) - late) if following else None
    capped = schedule.cap is not None and late >= schedule.cap and late > 0
    return CitationBalance(
        citation=citation, fine=citation.fine, late_fees=late, amount_due=to_money(citation.fine + late),
        days_overdue=days_overdue(due_date=citation.due_date, on=on), late_fees_paused=paused,
        next_late_fee_on=following, next_late_fee_amount=step, late_fees_capped=capped,
    )


# --- citations -------------------------------------------------------------------------
def _citations(*, with_payment: bool = True):
    # The payment join only serves paid citations (their balance shows what was paid); the
    # hot outstanding look-up skips it: joining it costs a third of check_violations' time.
    related = ("violation_type", "payment_item__payment") if with_payment else ("violation_type",)
    return Citation.objects.select_related(*related)


def citation_get(*, citation_number: str) -> Citation:
    """Return one citation by number (raises ServiceError when there is none)."""
    citation = _citations().filter(citation_number=citation_number).first()
    if citation is None:
        raise ServiceError(ParkingErrorCode.CITATION_NOT_FOUND,
                           errors.CITATION_NUMBER_NOT_FOUND.format(number=citation_number),
                           field="citation_number")
    return citation


def citation_list_for_plate(*, license_plate: str, statuses=None, date_range: DateRange | None = None):
    """Return a plate's citations, oldest first, optionally by status and issue day."""
    with_payment = statuses is None or Citation.Status.PAID in statuses
    citations = _citations(with_payment=with_payment).filter(license_plate=license_plate)
    if statuses is not None:
        citations = citations.filter(status__in=list(statuses))
    if date_range is not None:
        start, end = _day_bounds(date_range)
        citations = citations.filter(issued_at__gte=start, issued_at__lt=end)
    return list(citations.order_by("issued_at", "citation_number"))


# check_violations' look-up, the busiest query the city serves: compiled once per thread
# (apps.core.compiled), the plate swapped in per call. Same rows as
# citation_list_for_plate(license_plate=..., statuses=OUTSTANDING).
_outstanding_for_plate = CompiledQuery(
    lambda plate: (_citations(with_payment=False).filter(license_plate=plate, status__in=list(OUTSTANDING))
                   .order_by("issued_at", "citation_number")),
    "plate",
)


def _day_bounds(date_range: DateRange) -> tuple[datetime, datetime]:
    """Return the first instant of the first day and of the day after the last, in city time."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(date_range.start, time.min, tzinfo=zone)
    end = datetime.combine(date_range.end + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


@dataclass(frozen=True)
class OutstandingReport:
    """A plate's outstanding citations with their balances and totals on `as_of`."""

    license_plate: str
    as_of: date
    balances: list
    date_range: DateRange | None

    @property
    def total_fines(self) -> Decimal:
        return to_money(sum((b.fine for b in self.balances), ZERO))

    @property
    def total_late_fees(self) -> Decimal:
        return to_money(sum((b.late_fees for b in self.balances), ZERO))

    @property
    def total_outstanding(self) -> Decimal:
        return to_money(sum((b.amount_due for b in self.balances), ZERO))


def citation_outstanding_report(*, license_plate: str, date_range: DateRange | None = None,
                                today: date | None = None) -> OutstandingReport:
    """Return the outstanding (issued or contested) citations of a plate and what they cost today."""
    today = today or timezone.localdate()
    if date_range is None:
        citations = _outstanding_for_plate(plate=license_plate)
    else:
        citations = citation_list_for_plate(license_plate=license_plate, statuses=OUTSTANDING,
                                            date_range=date_range)
    return OutstandingReport(license_plate=license_plate, as_of=today,
                             balances=[citation_balance(c, today=today) for c in citations],
                             date_range=date_range)


def citation_contest_deadline(citation: Citation) -> date | None:
    """Return the last day `citation` may be contested (None before it is issued)."""
    issued_on = local_day(citation.issued_at)
    if issued_on is None:
        return None
    return contest_deadline(issued_on=issued_on, window_days=settings.PARKING_CONTEST_WINDOW_DAYS)


def citation_numbers_of_plate(*, license_plate: str, prefix: str, limit: int = 10) -> list[str]:
    """Return the citation numbers of one plate (the caller named it) that start with `prefix`."""
    return list(Citation.objects.filter(license_plate=license_plate, citation_number__startswith=prefix.strip().upper())
                .order_by("citation_number").values_list("citation_number", flat=True)[:limit])


def citation_numbers_with_prefix(*, prefix: str, limit: int = 10) -> list[str]:
    """Return citation-number prefixes to complete: the years on record, then exact matches.

    Completion never lists other people's citations wholesale: until a number is typed
    nearly in full it only offers "VIO-<year>-".
    """
    typed = prefix.strip().upper()
    if len(typed) < 13:
        return [year for year in _citation_year_prefixes() if year.startswith(typed)][:limit]
    return list(Citation.objects.filter(citation_number__startswith=typed)
                .order_by("citation_number").values_list("citation_number", flat=True)[:limit])


def _citation_year_prefixes() -> list[str]:
    """Return "VIO-<year>-" for each year with a citation on file, newest first.

    Index probes instead of a DISTINCT over every citation (0.4 s at a million rows): the
    first and last numbers bound the years, then one LIMIT 1 look-up per year in between.
    """
    numbers = (Citation.objects.filter(citation_number__gte="VIO-0", citation_number__lt="VIO-:")  # digit years
               .values_list("citation_number", flat=True))
    first, last = numbers.order_by("citation_number").first(), numbers.order_by("-citation_number").first()
    years = [number[4:8] for number in (first, last) if number and number[4:8].isdigit()]
    if len(years) < 2:
        return []
    prefixes = [f"VIO-{year}-" for year in range(int(years[1]), int(years[0]) - 1, -1)]
    return [prefix for prefix in prefixes if numbers.filter(citation_number__startswith=prefix).exists()]


def citation_number_max(*, prefix: str) -> int:
    """Return the highest number issued under `prefix` ("VIO-2026"), 0 if none."""
    top = Citation.objects.filter(citation_number__startswith=f"{prefix}-").aggregate(top=Max("citation_number"))
    return int(top["top"].rsplit("-", 1)[1]) if top["top"] else 0


# --- payments --------------------------------------------------------------------------
def payment_get_by_key(*, idempotency_key: str) -> Payment | None:
    """Return the payment made with this idempotency key, with its citations."""
    return (Payment.objects.filter(idempotency_key=idempotency_key)
            .prefetch_related("items__citation__violation_type").first())


def payment_receipt_max(*, prefix: str) -> int:
    top = Payment.objects.filter(receipt_number__startswith=f"{prefix}-").aggregate(top=Max("receipt_number"))
    return int(top["top"].rsplit("-", 1)[1]) if top["top"] else 0


def payment_options() -> dict:
    """Return where and how residents pay, from settings."""
    return {
        "online_url": settings.PARKING_PAYMENT_ONLINE_URL,
        "phone": settings.PARKING_PAYMENT_PHONE,
        "in_person": settings.PARKING_PAYMENT_IN_PERSON,
    }


# --- facilities ------------------------------------------------------------------------
def facility_list(*, active_only: bool = True) -> list[ParkingFacility]:
    """Return the parking facilities by name."""
    facilities = ParkingFacility.objects.all()
    if active_only:
        facilities = facilities.filter(is_active=True)
    return list(facilities.order_by("name"))


def facility_rate_text(facility: ParkingFacility) -> str:
    """Return "$2.00/hour", "$5.00 flat rate", "$3.00/hour, $20.00 daily max" or "Free"."""
    if facility.flat_rate is not None:
        return f"{format_money(facility.flat_rate)} flat rate"
    if facility.hourly_rate:
        text = f"{format_money(facility.hourly_rate)}/hour"
        if facility.daily_max is not None:
            text += f", {format_money(facility.daily_max)} daily max"
        return text
    return "Free"


def facility_cost(facility: ParkingFacility, *, minutes: int) -> Decimal:
    """Return what a stay of `minutes` costs: flat rate, else hourly (pro rata) up to the daily max."""
    if facility.flat_rate is not None:
        return to_money(facility.flat_rate)
    if not facility.hourly_rate:
        return ZERO
    cost = to_money(Decimal(facility.hourly_rate) * Decimal(minutes) / Decimal(60))
    if facility.daily_max is not None:
        cost = min(cost, to_money(facility.daily_max))
    return cost


def violation_types_with_counts() -> list[ViolationType]:
    """Return every violation type with `outstanding`: how many of its citations are unpaid."""
    return list(ViolationType.objects.annotate(
        outstanding=Count("citations", filter=Q(citations__status__in=OUTSTANDING))).order_by("description"))


# --- The admin's work queue --------------------------------------------------------

# Residents' reports are reviewed within this many days of the observation (the desk's target).
REPORT_REVIEW_TARGET_DAYS = 3


def work_queue(*, now: datetime) -> list:
    """Return what parking staff must do today: residents' reports awaiting review."""
    from apps.core.workqueue import WorkItem

    reported = Citation.objects.filter(status=Citation.Status.REPORTED)
    return [WorkItem(
        label="Citations awaiting review", queryset=reported, params={"status__exact": Citation.Status.REPORTED},
        overdue=reported.filter(observed_at__lt=now - timedelta(days=REPORT_REVIEW_TARGET_DAYS)),
        target=f"reviewed within {REPORT_REVIEW_TARGET_DAYS} days of the observation")]


def payment_intents_pending(*, before) -> list[PaymentIntent]:
    """Return the intents still pending that were last touched before `before`, oldest first."""
    return list(PaymentIntent.objects.filter(status=PaymentIntent.Status.PENDING, updated_at__lt=before)
                .order_by("updated_at", "pk"))


def payment_intent_blocking(*, citation_ids, idempotency_key: str | None) -> PaymentIntent | None:
    """Return a pending intent on any of these citations, or under this caller key, if there is one."""
    live = Q(citations__pk__in=list(citation_ids))
    if idempotency_key:
        live |= Q(idempotency_key=idempotency_key)
    return (PaymentIntent.objects.filter(live, status=PaymentIntent.Status.PENDING)
            .order_by("pk").first())


def citation_get_by_report_key(*, idempotency_key: str) -> Citation | None:
    """Return the citation a report_violation call with this idempotency key filed, if any."""
    return Citation.objects.select_related("violation_type").filter(idempotency_key=idempotency_key).first()
