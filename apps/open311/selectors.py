"""Service requests as GeoReport lists them: the public view only, whoever asks.

A request's facts come from its domain's tracking tool run for an anonymous caller, so the
three-views rules decide what is shown (a complaint's type, status and dates, never the
filer, their contact or a neighbour's address); this module only renames those facts into
GeoReport's fields and finds which records a query names.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.timezone import now

from apps.accounts.viewers import Viewer, shape
from apps.core.errors import ServiceError
from apps.mcp.access import ANONYMOUS
from apps.mcp.call import Call
from apps.mcp.calls import run_tool
from apps.open311.catalogue import GROUPS, ServiceGroup, group_for_reference, service_code, service_find, service_name
from apps.open311.formats import w3c
from apps.places.selectors import place_resolve
from civicmind.domains import ALL_DOMAINS

DEFAULT_WINDOW = timedelta(days=90)  # GeoReport: the most recent 90 days unless dates are given
MAX_WINDOW = timedelta(days=90)
MAX_REQUESTS = 200  # one answer lists at most this many, newest first
READ_VERSION = "2025-11-25"


@dataclass(frozen=True)
class RequestQuery:
    service_request_ids: tuple = ()
    service_codes: tuple = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple = ()  # "open", "closed"


def _public_call(domain: str, client_address: str | None, request_id: str) -> Call:
    return Call(domain=domain, listener=ALL_DOMAINS, version=READ_VERSION, principal=ANONYMOUS,
                client_address=client_address, request_id=request_id)


def request_public(group: ServiceGroup, reference: str, *, client_address=None, request_id="open311") -> dict | None:
    """The GeoReport request for `reference`, from its tracking tool's public answer (None: no such record)."""
    if group.tracking is None:
        return _read_public(group, reference)
    result = run_tool(group.tracking, {group.reference_field: reference},
                      _public_call(group.domain, client_address, request_id))
    if result.is_error:
        return None
    return _as_request(group, result.structured)


def _read_public(group: ServiceGroup, reference: str) -> dict | None:
    """The record through its resource, shaped by the resource's declared output for the public."""
    template = group.reading
    try:
        facts = template.handler(**{group.reference_field: reference})
    except ServiceError:
        return None
    return _as_request(group, shape(template.output, facts, Viewer.PUBLIC))


def _as_request(group: ServiceGroup, facts: dict) -> dict:
    kind = facts[group.kind_argument] if group.kind_argument else None
    timeline = facts.get("timeline") or []
    location = facts.get("location")  # present only where the domain makes it public (road issues)
    latitude = longitude = None
    if location:
        try:
            place = place_resolve(query=location)
            latitude, longitude = float(place.latitude), float(place.longitude)
        except ServiceError:
            pass
    requested = facts.get(group.requested_field)
    return {
        "service_request_id": facts[group.reference_field],
        "status": "closed" if facts["status"] in group.closed_statuses else "open",
        "status_notes": facts.get("resolution_note"),
        "service_name": service_name(group, kind),
        "service_code": service_code(group, kind),
        "description": facts.get("description"),
        "agency_responsible": group.agency,
        "service_notice": facts.get("next_step"),
        "requested_datetime": w3c(requested),
        "updated_datetime": w3c(timeline[-1]["at"] if timeline else facts.get("resolved_at") or requested),
        # When the city answers: a response date, an outage's restoration, a pickup's booked day.
        "expected_datetime": w3c(facts.get("respond_by") or facts.get("estimated_restoration")
                                 or facts.get("scheduled_for")),
        # An outage's or a pickup's area is public; its reporters' or booker's addresses are not.
        "address": location or facts.get("area"),
        "address_id": None,
        "zipcode": None,
        "lat": latitude,
        "long": longitude,
        "media_url": None,
    }


def requests_find(query: RequestQuery, *, client_address=None, request_id="open311") -> list[dict]:
    """The requests a GeoReport GET /requests names, newest first, at most MAX_REQUESTS."""
    if query.service_request_ids:
        found = []
        for reference in query.service_request_ids:
            group = group_for_reference(reference)
            request = group and request_public(group, reference, client_address=client_address,
                                               request_id=request_id)
            if request:
                found.append(request)
        return found
    end = query.end or now()
    start = query.start or end - DEFAULT_WINDOW
    rows = []
    for group in (group for group in GROUPS if group.listed):
        kinds = [service.kind for service in map(service_find, query.service_codes)
                 if service is not None and service.group is group]
        if query.service_codes and not kinds:
            continue
        records = group.model.objects.filter(**{f"{group.requested_field}__gte": start,
                                               f"{group.requested_field}__lte": end})
        if group.kind_argument and kinds:
            records = records.filter(**{f"{group.kind_argument}__in": kinds})
        if query.statuses and set(query.statuses) != {"open", "closed"}:
            closed = {"status__in": group.closed_statuses}
            records = records.filter(**closed) if "closed" in query.statuses else records.exclude(**closed)
        for reference, requested in records.order_by(f"-{group.requested_field}").values_list(
                group.reference_field, group.requested_field)[:MAX_REQUESTS]:
            rows.append((requested, reference, group))
    rows.sort(key=lambda row: (row[0], row[1]), reverse=True)
    found = []
    for _, reference, group in rows[:MAX_REQUESTS]:
        request = request_public(group, reference, client_address=client_address, request_id=request_id)
        if request:
            found.append(request)
    return found
