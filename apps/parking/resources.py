"""Parking resources an assistant can read: violation types, facilities, one citation.

Each is JSON with money as "25.00" strings and ISO dates, the same shapes the tools'
structuredContent uses.
"""
from urllib.parse import unquote

from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.money import CURRENCY, money_str
from apps.mcp.watches import Watch
from apps.mcp.registry import resource, resource_template
from apps.parking.answers.violations import citation_data, late_fee_schedule_text
from apps.parking.completions import citation_number_completions
from apps.parking.errors import ParkingErrorCode
from apps.parking.parsing import citation_number_normalize
from apps.parking.selectors import (
    citation_balance,
    citation_get,
    facility_list,
    facility_rate_text,
    violation_type_codes_starting,
    violation_type_list,
    violation_type_resolve,
)
from apps.parking.fields import CitationOutput


def _money_or_none(value):
    return money_str(value) if value is not None else None


def violation_type_data(violation_type) -> dict:
    schedule = violation_type.late_fee_schedule
    return {
        "code": violation_type.code,
        "description": violation_type.description,
        "ordinance": violation_type.ordinance,
        "fine": money_str(violation_type.fine),
        "currency": CURRENCY,
        "late_fee_schedule": {
            "initial": money_str(schedule.initial),
            "recurring": money_str(schedule.recurring),
            "interval_days": schedule.interval_days,
            "cap": _money_or_none(schedule.cap),
            "text": late_fee_schedule_text(violation_type),
        },
    }


def facility_data(facility) -> dict:
    return {
        "name": facility.name,
        "kind": facility.kind,
        "address": facility.address,
        "latitude": float(facility.latitude),
        "longitude": float(facility.longitude),
        "rate": facility_rate_text(facility),
        "hourly_rate": _money_or_none(facility.hourly_rate),
        "flat_rate": _money_or_none(facility.flat_rate),
        "daily_max": _money_or_none(facility.daily_max),
        "currency": CURRENCY,
        "time_limit_minutes": facility.time_limit_minutes,
        "enforcement_start": facility.enforcement_start.strftime("%H:%M") if facility.enforcement_start else None,
        "enforcement_end": facility.enforcement_end.strftime("%H:%M") if facility.enforcement_end else None,
        "capacity": facility.capacity,
        "spaces_available": facility.spaces_available,
    }


@resource(uri="civicmind://parking/violation-types", name="violation-types", title="Parking violation types")
def violation_types():
    """Every parking violation type with its fine and late-fee schedule."""
    return {"violation_types": [violation_type_data(t) for t in violation_type_list()]}


@resource(uri="civicmind://parking/facilities", name="facilities", title="Parking facilities")
def facilities():
    """Every public parking facility (streets, garages, lots) with rates, limits and spaces available."""
    return {"facilities": [facility_data(f) for f in facility_list()]}


def _complete_type(value: str, context: dict) -> list[str]:
    return violation_type_codes_starting(prefix=value)


@resource_template(uri_template="civicmind://parking/violation-types/{code}", name="violation-type",
                   title="One parking violation type", completions={"code": _complete_type})
def violation_type(code: str):
    """One violation type by code (e.g. expired_meter): fine and late-fee schedule."""
    return violation_type_data(violation_type_resolve(value=unquote(code)))


@resource_template(uri_template="civicmind://parking/citations/{citation_number}", name="citation",
                   title="One parking citation", completions={"citation_number": citation_number_completions},
                   output=CitationOutput,
                   watch=Watch(("violation.*",), field="citation_number", normalize=citation_number_normalize,
                               creates=("violation.created",)))
def citation(citation_number: str):
    """One citation by number (e.g. VIO-2025-001234): status, fine and amount due; plate and place to staff."""
    try:
        number = citation_number_normalize(unquote(citation_number))
    except ValueError as error:
        raise ServiceError(ParkingErrorCode.CITATION_NOT_FOUND, str(error), field="citation_number") from None
    found = citation_get(citation_number=number)
    return dict(CitationOutput(instance=citation_data(citation_balance(found, today=timezone.localdate()))).data)
