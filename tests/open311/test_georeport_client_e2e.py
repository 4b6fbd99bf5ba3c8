"""Open311 GeoReport v2 through the real server, read by a published client (georeport, PyPI).

georeport 0.3.1 is the Open311 client on PyPI that runs on Python 3.11 (`open311` 1.1 and
`three` 0.8.0 are Python 2 only). It lists services, reads service definitions and reads
requests back, in JSON and in XML; it has no method to file a request, so the filing is the
form POST every Open311 app sends (`requests.post`, the library georeport itself uses).
"""
import requests
from georeport import GeoReport

from apps.events.models import Event
from apps.noise.models import Complaint
from apps.parking.models import Citation
from apps.places.models import Place
from apps.transportation.models import RoadIssue
from apps.utilities.models import Outage
from tests.parking.helpers import png_bytes

JURISDICTION = "civic-city"


def clients(server) -> tuple[GeoReport, GeoReport]:
    root = f"{server.base()}/open311/v2"
    return (GeoReport(root, jurisdiction=JURISDICTION),
            GeoReport(root, jurisdiction=JURISDICTION, output_format="xml"))


def file(server, **form) -> requests.Response:
    return requests.post(f"{server.base()}/open311/v2/requests.json",
                         data={"jurisdiction_id": JURISDICTION, **form}, timeout=30)


def as_text(value):
    """A JSON value as XML carries it (xmltodict reads every element as text, an empty one as None)."""
    if isinstance(value, dict):
        return {key: as_text(child) for key, child in value.items()}
    if isinstance(value, list):
        return [as_text(child) for child in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def xml_list(value) -> list:
    """xmltodict reads one repeated element as a dict, several as a list."""
    return value if isinstance(value, list) else [value]


def test_a_published_client_lists_services_files_and_reads_back(server, demo_city):
    json_client, xml_client = clients(server)

    listed = json_client.get_service_list()
    codes = {service["service_code"]: service for service in listed}
    assert {"noise-loud_music", "road-pothole", "environmental-illegal_dumping"} <= set(codes)
    assert codes["road-pothole"]["service_name"] == "Streets: Pothole"
    assert as_text(listed) == xml_client.get_service_list()

    definition = json_client.get_service_definition("noise-loud_music")
    observed = next(a for a in definition["attributes"] if a["code"] == "observed_at")
    assert (observed["datatype"], observed["required"], observed["order"]) == ("datetime", False, 1)
    in_xml = xml_client.get_service_definition("noise-loud_music")
    assert in_xml["service_code"] == "noise-loud_music"
    assert as_text(definition["attributes"]) == xml_list(in_xml["attributes"]["attribute"])

    main_st = Place.objects.get(key="123 main st")
    noise = file(server, service_code="noise-loud_music", address_string="123 Main St",
                 description="Bass through the walls", first_name="Ada", last_name="Quiet",
                 email="ada@example.org", **{"attribute[observed_at]": "2026-11-24T01:15:00-08:00"})
    pothole = file(server, service_code="road-pothole", lat=str(main_st.latitude), long=str(main_st.longitude),
                   description="Deep pothole in the right lane", phone="555-0100")
    assert noise.status_code == pothole.status_code == 201, (noise.text, pothole.text)
    noise_id, pothole_id = noise.json()[0]["service_request_id"], pothole.json()[0]["service_request_id"]
    complaint = Complaint.objects.get(case_number=noise_id)
    assert (complaint.noise_type, complaint.reporter_name, complaint.description) == (
        "loud_music", "Ada Quiet", "Bass through the walls")
    issue = RoadIssue.objects.get(reference=pothole_id)
    assert (issue.issue_type, issue.location) == ("pothole", main_st.name)
    assert Event.objects.filter(type="complaint.filed", data__case_number=noise_id).exists()
    assert Event.objects.filter(type="road_issue.reported", data__reference=pothole_id).exists()

    both = json_client.get_service_requests(service_request_id=f"{noise_id},{pothole_id}")
    by_id = {request["service_request_id"]: request for request in both}
    assert (by_id[noise_id]["service_code"], by_id[noise_id]["status"]) == ("noise-loud_music", "open")
    assert (by_id[pothole_id]["service_code"], by_id[pothole_id]["status"]) == ("road-pothole", "open")
    assert by_id[pothole_id]["address"] == main_st.name and by_id[pothole_id]["lat"] == float(main_st.latitude)
    assert by_id[noise_id]["requested_datetime"].startswith("2026-11-24T")
    # The public view: nothing of the filer, nor where a neighbour's noise is.
    shown = str(by_id[noise_id])
    assert "Ada" not in shown and "ada@example.org" not in shown and "123 Main St" not in shown
    assert by_id[noise_id]["address"] is None and by_id[noise_id]["description"] is None

    assert json_client.get_service_request(noise_id) == by_id[noise_id]
    assert as_text(json_client.get_service_request(pothole_id)) == xml_client.get_service_request(pothole_id)

    potholes = json_client.get_service_requests(service_code="road-pothole", status="open")
    assert pothole_id in {request["service_request_id"] for request in potholes}
    assert all(request["service_code"] == "road-pothole" for request in potholes)
    listed_xml = xml_client.get_service_requests(service_code="road-pothole", status="open")
    assert as_text(potholes) == xml_list(listed_xml)


def test_discovery_tokens_and_errors_in_both_forms(server, demo_city):
    discovery = requests.get(f"{server.base()}/open311/v2/discovery.json", timeout=30).json()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert discovery["endpoints"][0]["url"] == f"{server.base()}/open311/v2"

    filed = file(server, service_code="road-streetlight", address_string="123 Main St")
    reference = filed.json()[0]["service_request_id"]
    token = requests.get(f"{server.base()}/open311/v2/tokens/{reference}.json", timeout=30)
    assert token.json() == [{"service_request_id": reference, "token": reference}]

    unknown = file(server, service_code="noise-kazoo", address_string="123 Main St")
    assert unknown.status_code == 404
    assert unknown.json() == [{"code": 404, "description": unknown.json()[0]["description"]}]
    nowhere = file(server, service_code="road-pothole")
    assert nowhere.status_code == 400 and "address_string" in nowhere.json()[0]["description"]
    refused = file(server, service_code="road-pothole", address_string="Nowhere Plaza 99")
    assert refused.status_code == 400 and "Nowhere Plaza 99" in refused.json()[0]["description"]
    xml = requests.get(f"{server.base()}/open311/v2/requests/NC-1999-000001.xml", timeout=30)
    assert xml.status_code == 404 and xml.headers["content-type"].startswith("text/xml")
    assert b"<errors><error><code>404</code><description>" in xml.content
    wrong_city = requests.get(f"{server.base()}/open311/v2/services.json?jurisdiction_id=elsewhere", timeout=30)
    assert wrong_city.status_code == 404


def test_a_retry_and_a_neighbours_report_link_like_the_tool_does(server, demo_city):
    """Filing is the tool: an idempotency_key retry files once; a second pothole nearby joins the first."""
    first = file(server, service_code="road-pothole", address_string="123 Main St", idempotency_key="open311-retry-1")
    again = file(server, service_code="road-pothole", address_string="123 Main St", idempotency_key="open311-retry-1")
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    reference = first.json()[0]["service_request_id"]
    assert again.json()[0]["service_request_id"] == reference
    assert RoadIssue.objects.filter(reference=reference).count() == 1
    neighbour = file(server, service_code="road-pothole", address_string="125 Main St")
    assert neighbour.json()[0]["service_request_id"] == reference  # linked, not a duplicate issue
    assert RoadIssue.objects.get(reference=reference).report_count >= 2


def test_request_queries_are_checked(server, demo_city):
    base = f"{server.base()}/open311/v2/requests.json"
    assert requests.get(base, params={"status": "pending"}, timeout=30).status_code == 400
    wide = requests.get(base, params={"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-11-01T00:00:00Z"},
                        timeout=30)
    assert wide.status_code == 400 and "90 days" in wide.json()[0]["description"]
    bad = requests.get(base, params={"start_date": "yesterday"}, timeout=30)
    assert bad.status_code == 400 and "W3C" in bad.json()[0]["description"]
    closed = requests.get(base, params={"status": "closed"}, timeout=30).json()
    assert all(request["status"] == "closed" for request in closed)


def test_an_outage_is_filed_and_read_back_without_its_reporters_address(server, demo_city):
    json_client, xml_client = clients(server)
    assert "outage-electric" in {service["service_code"] for service in json_client.get_service_list()}
    filed = file(server, service_code="outage-electric", address_string="456 Oak Ave", description="Lights out",
                 phone="555-0111")
    assert filed.status_code == 201, filed.text
    outage_id = filed.json()[0]["service_request_id"]
    assert Outage.objects.filter(outage_id=outage_id, service_type="electric").exists()
    shown = json_client.get_service_request(outage_id)
    assert (shown["service_code"], shown["status"], shown["service_name"]) == (
        "outage-electric", "open", "Utilities: Electric")
    assert "456 Oak Ave" not in str(shown) and "555-0111" not in str(shown)
    assert as_text(shown) == xml_client.get_service_request(outage_id)


def test_a_parking_violation_with_an_uploaded_photo_is_read_by_id_only(server, demo_city):
    json_client, _ = clients(server)
    definition = json_client.get_service_definition("parking-violation")
    assert [a["code"] for a in definition["attributes"]][:2] == ["license_plate", "violation_type"]
    filed = requests.post(
        f"{server.base()}/open311/v2/requests.json",
        data={"service_code": "parking-violation", "address_string": "123 Main St", "first_name": "Ada",
              "email": "ada@example.org", "attribute[license_plate]": "XYZ789",
              "attribute[violation_type]": "fire_hydrant", "description": "Blocking the hydrant"},
        files={"media": ("hydrant.png", png_bytes(), "image/png")}, timeout=30)
    assert filed.status_code == 201, filed.text
    number = filed.json()[0]["service_request_id"]
    citation = Citation.objects.get(citation_number=number)
    assert (citation.license_plate, citation.status, citation.source) == ("XYZ789", "reported", "resident_report")
    assert citation.photo.read() == png_bytes()
    shown = json_client.get_service_request(number)
    assert (shown["service_code"], shown["status"]) == ("parking-violation", "open")
    assert "XYZ789" not in str(shown) and "Ada" not in str(shown) and "123 Main St" not in str(shown)
    # Never listed: a list would let strangers enumerate citations (docs/security.md, "Three views").
    assert number not in {r["service_request_id"] for r in json_client.get_service_requests()}
    by_url = file(server, service_code="parking-violation", address_string="123 Main St",
                  media_url="https://example.org/photo.jpg", **{"attribute[license_plate]": "XYZ789",
                                                                "attribute[violation_type]": "fire_hydrant"})
    assert by_url.status_code == 400 and "upload the photo" in by_url.json()[0]["description"]
