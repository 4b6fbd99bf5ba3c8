"""GeoReport v2's wire forms: JSON and XML of the same dicts, W3C datetimes, its error list.

Every endpoint builds one Python value (a list of dicts, or a dict) and names its XML root
and item element; `render` writes it as JSON or as the spec's XML, so the two forms can
never carry different facts.
"""
from datetime import date, datetime, time
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone

from apps.core.http import dumps

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element each list's items are written as in XML (GeoReport v2's names).
ITEM_NAMES = {"services": "service", "service_requests": "request", "attributes": "attribute",
              "values": "value", "endpoints": "endpoint", "formats": "format", "errors": "error"}


def w3c(moment) -> str | None:
    """A datetime (or a date, at local midnight) as W3C: 2026-11-24T22:30:00-08:00."""
    if moment is None:
        return None
    if isinstance(moment, str):  # the tools' ISO forms: "2026-11-27" or "2026-11-24T22:30:00-08:00"
        moment = date.fromisoformat(moment) if len(moment) == 10 else datetime.fromisoformat(moment)
    if isinstance(moment, date) and not isinstance(moment, datetime):
        moment = timezone.make_aware(datetime.combine(moment, time()))
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _element(name: str, value) -> ElementTree.Element:
    element = ElementTree.Element(name)
    if isinstance(value, dict):
        for key, child in value.items():
            element.append(_element(key, child))
    elif isinstance(value, list):
        item_name = ITEM_NAMES.get(name, "item")
        for child in value:
            element.append(_element(item_name, child))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def xml_bytes(root: str, value) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(_element(root, value), encoding="utf-8",
                                                                             xml_declaration=False)


def render(value, fmt: str, root: str, status: int = 200) -> HttpResponse:
    body = xml_bytes(root, value) if fmt == "xml" else dumps(value)
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])


def error(status: int, description: str, fmt: str = "json") -> HttpResponse:
    """GeoReport's error form: [{"code": 400, "description": "..."}], <errors><error>… in XML."""
    return render([{"code": status, "description": description}], fmt, "errors", status)
