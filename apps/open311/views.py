"""/open311/v2/: GeoReport v2's endpoints, each in `.json` or `.xml` (thin: parse, select or file, render)."""
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from apps.core.workers import run_sync
from apps.mcp.transport import new_request_id
from apps.open311.attributes import attributes
from apps.open311.catalogue import services, service_find
from apps.open311.filing import FilingRefused, request_file
from apps.open311.formats import error, render
from apps.open311.selectors import MAX_WINDOW, RequestQuery, requests_find

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def _jurisdiction_refused(request, fmt):
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    if given and given != settings.CIVICMIND_OPEN311_JURISDICTION:
        return error(404, f"jurisdiction_id {given!r} is not served here; this endpoint serves "
                          f"{settings.CIVICMIND_OPEN311_JURISDICTION!r}.", fmt)
    return None


def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    return render({
        "changeset": settings.CIVICMIND_OPEN311_CHANGESET,
        "contact": settings.CIVICMIND_OPEN311_CONTACT,
        "key_service": "API keys are issued by the city (docs/rest.md).",
        "endpoints": [{"specification": SPECIFICATION, "url": base.rstrip("/"),
                       "changeset": settings.CIVICMIND_OPEN311_CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }, fmt, "discovery")


def service_list(request, fmt):
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return refused
    return render([{
        "service_code": service.code,
        "service_name": service.name,
        "description": f"{service.group.filing.description} ({service.name})",
        "metadata": bool(attributes(service)),
        "type": "realtime",
        "keywords": service.group.keywords,
        "group": service.group.group,
    } for service in services()], fmt, "services")


def service_definition(request, service_code, fmt):
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return refused
    service = service_find(service_code)
    if service is None:
        return error(404, f"service_code {service_code!r} is not one of this city's services.", fmt)
    return render({"service_code": service.code, "attributes": attributes(service)}, fmt, "service_definition")


def _w3c_argument(request, name: str):
    value = request.GET.get(name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{name} must be a W3C datetime such as 2026-11-01T00:00:00Z.") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _request_query(request) -> RequestQuery:
    split = lambda name: tuple(part.strip() for part in request.GET.get(name, "").split(",") if part.strip())
    start, end = _w3c_argument(request, "start_date"), _w3c_argument(request, "end_date")
    if start and end and (end < start or end - start > MAX_WINDOW):
        raise ValueError("start_date and end_date may span at most 90 days, end after start.")
    statuses = split("status")
    if set(statuses) - {"open", "closed"}:
        raise ValueError("status must be open or closed (comma separated for both).")
    return RequestQuery(service_request_ids=split("service_request_id"), service_codes=split("service_code"),
                        start=start, end=end, statuses=statuses)


@csrf_exempt
async def requests_view(request, fmt):
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return refused
    client = request.META.get("REMOTE_ADDR")
    if request.method == "POST":
        headers = {name.lower(): value for name, value in request.headers.items()}
        try:
            filed = await request_file(request.POST, files=request.FILES, headers=headers, client_address=client,
                                       path=request.path)
        except FilingRefused as refused:
            return error(refused.status, refused.description, fmt)
        answer = {"service_request_id": filed.service_request_id, "service_notice": filed.service_notice,
                  "account_id": None}
        if filed.access_code:
            answer["access_code"] = filed.access_code  # the filer's proof for the tracking tools (not listed)
        return render([answer], fmt, "service_requests", 201)
    if request.method != "GET":
        return error(405, "Use GET to list requests or POST to file one.", fmt)
    try:
        query = _request_query(request)
    except ValueError as invalid:
        return error(400, str(invalid), fmt)
    found = await run_sync(requests_find, query, client_address=client, request_id=new_request_id())
    return render(found, fmt, "service_requests")


async def request_detail(request, service_request_id, fmt):
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return refused
    found = await run_sync(requests_find, RequestQuery(service_request_ids=(service_request_id,)),
                           client_address=request.META.get("REMOTE_ADDR"), request_id=new_request_id())
    if not found:
        return error(404, f"No service request {service_request_id!r}.", fmt)
    return render(found, fmt, "service_requests")


async def token_view(request, token, fmt):
    """Requests are filed at once (never queued), so a token is the request's own id."""
    found = await run_sync(requests_find, RequestQuery(service_request_ids=(token,)),
                           client_address=request.META.get("REMOTE_ADDR"), request_id=new_request_id())
    if not found:
        return error(404, f"No service request for token {token!r}.", fmt)
    return render([{"service_request_id": found[0]["service_request_id"], "token": token}], fmt, "service_requests")
