"""POST /requests: a GeoReport filing becomes a call of the domain's own filing tool.

The form's standard fields are mapped onto the tool's arguments (the service code fixes the
kind; `address_string`, or the nearest known place to `lat`/`long`, is the location; names
and contacts go where the tool keeps them private; `last_name` is an account holder's proof
where the tool asks for one) and the call runs through the REST
runner, so it is the MCP call: same validation, duplicate linking, idempotency, events,
audit, keys and rate limits.
"""
import base64
from dataclasses import dataclass

from django.conf import settings

from apps.api.operations import find_tool_operation
from apps.api.runner import run_tool_operation
from apps.core.workers import run_sync
from apps.mcp.idempotency import KEY_ARGUMENT
from apps.mcp.registry import registry
from apps.open311.attributes import (
    CONTACT_ARGUMENTS,
    DESCRIPTION_ARGUMENT,
    LAST_NAME_ARGUMENTS,
    MEDIA_ARGUMENT,
    PERSON_ARGUMENTS,
    NAME_ARGUMENTS,
    attributes,
    free_list,
)
from apps.open311.catalogue import service_find
from apps.open311.places import place_nearest


# The REST problem statuses GeoReport has a name for; the rest (422: a city rule) are its 400.
GEOREPORT_STATUS = {401: 403, 403: 403, 404: 404, 429: 429, 503: 503}


class FilingRefused(Exception):
    """Answered as GeoReport's error list with `status`."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass
class Filed:
    service_request_id: str
    service_notice: str | None
    access_code: str | None


def _coordinate(form, name: str, low: float, high: float) -> float:
    try:
        value = float(form[name])
    except ValueError:
        raise FilingRefused(400, f"{name} must be a decimal number of degrees (WGS-84).") from None
    if not low <= value <= high:
        raise FilingRefused(400, f"{name} must be between {low:g} and {high:g}.")
    return value


async def _location(form, required: bool = True) -> str | None:
    """Where, from `address_string` or `lat`/`long`; None only where the service can do without it."""
    address = (form.get("address_string") or "").strip()
    if address:
        return address
    if form.get("lat") and form.get("long"):
        latitude = _coordinate(form, "lat", -90, 90)
        longitude = _coordinate(form, "long", -180, 180)
        place = await run_sync(place_nearest, latitude=latitude, longitude=longitude)
        if place is None:
            raise FilingRefused(400, "No known address lies near lat/long; send address_string instead.")
        return place.name
    if not required:
        return None
    raise FilingRefused(400, "A location is required: send address_string, or lat and long.")


def _photo(schema: dict, form, files) -> dict | None:
    """An uploaded `media` file as the tool's photo argument; a `media_url` cannot stand in for one."""
    upload = files.get("media") if files else None
    if MEDIA_ARGUMENT not in schema:
        if upload is not None:
            raise FilingRefused(400, "This service takes no media; file it without the upload.")
        return None
    if upload is None:
        if form.get("media_url"):
            raise FilingRefused(400, "media_url is not fetched here: upload the photo itself as the multipart "
                                     "field media.")
        return None
    return {"data": base64.b64encode(upload.read()).decode("ascii"), "mime_type": upload.content_type}


def _attribute_value(form, code: str, schema: dict):
    """An attribute's form value as the tool's argument takes it (None: not given).

    A free list comes as `attribute[code][]` repeated or comma-separated in `attribute[code]`; a
    date argument takes the date of the W3C datetime GeoReport clients send.
    """
    if free_list(schema):
        values = form.getlist(f"attribute[{code}][]") if hasattr(form, "getlist") else []
        if not values and form.get(f"attribute[{code}]"):
            values = form[f"attribute[{code}]"].split(",")
        values = [value.strip() for value in values if value.strip()]
        return values or None
    value = form.get(f"attribute[{code}]")
    if value in (None, ""):
        return None
    if schema.get("format") == "date" and "T" in value:
        return value.split("T", 1)[0]
    return value


def _arguments(service, form, location: str | None, files=None) -> dict:
    schema = service.group.filing.input_schema["properties"]
    arguments = {service.group.location_argument: location} if location else {}
    if service.group.kind_argument:
        arguments[service.group.kind_argument] = service.kind
    if form.get("description") and DESCRIPTION_ARGUMENT in schema:
        arguments[DESCRIPTION_ARGUMENT] = form["description"]
    name = " ".join(part for part in (form.get("first_name"), form.get("last_name")) if part)
    contact = form.get("email") or form.get("phone")
    for argument in NAME_ARGUMENTS:
        if name and argument in schema:
            arguments[argument] = name
    for argument in CONTACT_ARGUMENTS:
        if contact and argument in schema:
            arguments[argument] = contact
    for argument in LAST_NAME_ARGUMENTS:
        if form.get("last_name") and argument in schema:
            arguments[argument] = form["last_name"]
    for argument in PERSON_ARGUMENTS:
        if (name or contact) and argument in schema:
            arguments[argument] = ", ".join(part for part in (name, contact) if part)
    photo = _photo(schema, form, files)
    if photo is not None:
        arguments[MEDIA_ARGUMENT] = photo
    for attribute in attributes(service):
        value = _attribute_value(form, attribute["code"], schema[attribute["code"]])
        if value is not None:
            arguments[attribute["code"]] = value
    if form.get(KEY_ARGUMENT) and KEY_ARGUMENT in schema:
        arguments[KEY_ARGUMENT] = form[KEY_ARGUMENT]
    return arguments


async def request_file(form, *, files=None, headers: dict, client_address: str | None, path: str) -> Filed:
    """File the request `form` describes; raise FilingRefused with GeoReport's status and description."""
    service = service_find(form.get("service_code") or "")
    if service is None:
        raise FilingRefused(404 if form.get("service_code") else 400,
                            f"service_code {form.get('service_code')!r} is not one of this city's services "
                            "(GET services.json lists them)." if form.get("service_code")
                            else "service_code is required (GET services.json lists them).")
    api_key = form.get("api_key")
    if settings.CIVICMIND_OPEN311_REQUIRE_API_KEY and not api_key and not headers.get("x-api-key"):
        raise FilingRefused(403, "api_key is required to file requests here; ask the city for one.")
    if api_key:
        headers = {**headers, "x-api-key": api_key}
    arguments = _arguments(service, form, await _location(form, service.group.location_required), files)
    operation = find_tool_operation(registry, service.group.domain, service.group.file_tool)
    answer = await run_tool_operation(operation, arguments, headers, client_address, path)
    if answer.is_problem:
        errors = answer.body.get("errors") or {}
        detail = answer.body["detail"]
        if errors:
            detail += " " + " ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        raise FilingRefused(GEOREPORT_STATUS.get(answer.status, 400), detail)
    facts = answer.body
    return Filed(service_request_id=facts[service.group.reference_field], service_notice=facts.get("next_step"),
                 access_code=facts.get("access_code"))
