"""A second published Open311 client, one that files: civicbot's `Open311Client` (PyPI, 2026).

georeport reads but cannot file (tests/open311/test_georeport_client_e2e.py). civicbot's
GeoReport v2 client builds the POST form itself (`attribute[code]` keys, the api_key, the
service definition's required attributes and value lists checked against our published
definition with `validate_remote=True`) and sends it only when told to (`dry_run=False`,
`confirm="SEND"`, an api_key). Here it lists the services, files a noise complaint and a
pothole with a city API key, and reads both back, in JSON and in XML.
"""
import xml.etree.ElementTree as ElementTree

from civicbot.http import HttpTransport, RateLimiter
from civicbot.open311 import Open311Client, ValidationError
from civicbot.registry import Endpoint
from django.contrib.auth import get_user_model

from apps.accounts.models import AuditEntry
from apps.accounts.services import api_key_create
from apps.noise.models import Complaint
from apps.transportation.models import RoadIssue
from tests.accounts.helpers import wait_for

JURISDICTION = "civic-city"


def client(server, fmt: str = "json") -> Open311Client:
    endpoint = Endpoint(id="civicmind", name="CivicMind test city", base_url=f"{server.base()}/open311/v2",
                        write=True)
    # No pause between calls to our own test server (civicbot waits 0.5 s per host by default).
    transport = HttpTransport(rate_limiter=RateLimiter(min_interval=0.0))
    return Open311Client(endpoint, transport=transport, jurisdiction_id=JURISDICTION, fmt=fmt)


def test_civicbot_lists_files_with_a_key_and_reads_back(server, demo_city):
    owner = get_user_model().objects.create_user("open311-app", password="x" * 20)
    key = api_key_create(name="311 app", owner=owner, domains=[], access_level="resident").raw_key
    city = client(server)

    codes = {service["service_code"] for service in city.list_services()}
    assert {"noise-loud_music", "road-pothole"} <= codes

    noise = city.create_request("noise-loud_music", dry_run=False, confirm="SEND", api_key=key,
                                validate_remote=True, address_string="123 Main St",
                                description="Bass through the walls", first_name="Ada", last_name="Quiet",
                                attributes={"observed_at": "2026-11-24T01:15:00-08:00"})
    pothole = city.create_request("road-pothole", dry_run=False, confirm="SEND", api_key=key, validate_remote=True,
                                  address_string="250 Market St", description="Deep pothole in the right lane")
    noise_id = noise.response[0]["service_request_id"]
    pothole_id = pothole.response[0]["service_request_id"]

    complaint = Complaint.objects.get(case_number=noise_id)
    assert (complaint.noise_type, complaint.reporter_name, complaint.description) == (
        "loud_music", "Ada Quiet", "Bass through the walls")
    assert RoadIssue.objects.get(reference=pothole_id).issue_type == "pothole"
    # Filed with the key: the audit log names it, as for an MCP call with that key.
    audited = wait_for(lambda: AuditEntry.objects.filter(tool="file_complaint", key_name="311 app").exists())
    assert audited

    read = {request["service_request_id"]: request
            for request in city.list_requests(service_request_ids=[noise_id, pothole_id])}
    assert (read[noise_id]["service_code"], read[noise_id]["status"]) == ("noise-loud_music", "open")
    assert (read[pothole_id]["service_code"], read[pothole_id]["status"]) == ("road-pothole", "open")
    assert "Ada" not in str(read[noise_id])  # the public view only
    assert city.get_request(pothole_id) == read[pothole_id]

    as_xml = client(server, fmt="xml").http.get_bytes(
        f"{server.base()}/open311/v2/requests/{pothole_id}.xml", {"jurisdiction_id": JURISDICTION})
    element = ElementTree.fromstring(as_xml).find("request")
    assert element.findtext("service_request_id") == pothole_id
    assert element.findtext("service_code") == "road-pothole"
    assert element.findtext("status") == read[pothole_id]["status"]


def test_civicbot_checks_a_form_against_our_published_definition(server, demo_city):
    """The service definition we publish is what a client validates against: a value off our list is caught."""
    city = client(server)
    try:
        city.create_request("noise-loud_music", validate_remote=True, address_string="123 Main St",
                            attributes={"observed_at": "2026-11-24T01:15:00-08:00"}, api_key="unused")
    except ValidationError as error:  # pragma: no cover - the definition has no required attribute left out
        raise AssertionError(f"a complete form was refused: {error.problems}") from None
    definition = city.get_service_definition("noise-loud_music")
    listed = [a for a in definition["attributes"] if a["datatype"] in ("singlevaluelist", "multivaluelist")]
    if listed:
        attribute = listed[0]
        try:
            city.create_request("noise-loud_music", validate_remote=True, address_string="123 Main St",
                                attributes={attribute["code"]: "not-a-listed-value"}, api_key="unused")
        except ValidationError as error:
            assert any(attribute["code"] in problem for problem in error.problems)
        else:
            raise AssertionError("a value off the published list was not caught")
