"""Open311 services and their attributes come from the filing tools; api_key when the city asks for it."""
import pytest
from django.test import override_settings

from apps.open311.attributes import attributes
from apps.open311.catalogue import service_find, services
from apps.open311.formats import w3c, xml_bytes
from apps.transportation.models import IssueType


def test_one_service_per_kind_of_each_filing():
    codes = {service.code for service in services()}
    assert {f"road-{kind}" for kind in IssueType.values} <= codes
    assert {"noise-loud_music", "noise-barking_dog", "environmental-illegal_dumping"} <= codes


def test_attributes_are_the_tools_other_arguments():
    noise = attributes(service_find("noise-construction"))
    assert [a["code"] for a in noise] == ["observed_at"]  # location, kind, words and contact are GeoReport's own
    assert noise[0] | {"description": ""} == {"variable": True, "code": "observed_at", "datatype": "datetime",
                                            "required": False, "order": 1, "description": "",
                                            "datatype_description": noise[0]["description"]}
    assert attributes(service_find("road-pothole")) == []


def test_w3c_dates_and_the_xml_form():
    assert w3c("2026-11-27") == "2026-11-27T00:00:00-08:00"
    assert w3c("2026-11-24T22:30:00.123456-08:00") == "2026-11-24T22:30:00-08:00"
    assert xml_bytes("errors", [{"code": 400, "description": "x"}]) == (
        b'<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>x</description>'
        b"</error></errors>")


@pytest.mark.django_db
@override_settings(CIVICMIND_OPEN311_REQUIRE_API_KEY=True)
def test_posting_needs_an_api_key_when_the_city_configures_it(client):
    response = client.post("/open311/v2/requests.json", {"service_code": "road-pothole",
                                                         "address_string": "123 Main St"})
    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "api_key is required to file requests here; ask the "
                                                            "city for one."}]
    wrong = client.post("/open311/v2/requests.json", {"service_code": "road-pothole", "api_key": "cmk_nope",
                                                      "address_string": "123 Main St"})
    assert wrong.status_code == 403


@pytest.mark.django_db
def test_coordinates_far_from_any_known_place_are_refused(client):
    response = client.post("/open311/v2/requests.xml", {"service_code": "road-pothole", "lat": "0", "long": "0"})
    assert response.status_code == 400
    assert b"send address_string instead" in response.content
    bad = client.post("/open311/v2/requests.json", {"service_code": "road-pothole", "lat": "north", "long": "0"})
    assert bad.status_code == 400 and "lat must be a decimal number" in bad.json()[0]["description"]


def test_utility_requests_and_bulk_pickups_are_services_with_their_tools_arguments():
    from apps.utilities.catalogue import RequestType

    codes = {service.code for service in services()}
    assert {f"utility-request-{kind}" for kind in RequestType.values} | {"bulk-pickup"} <= codes
    leak = attributes(service_find("utility-request-leak"))
    assert [(a["code"], a["datatype"], a["required"]) for a in leak] == [
        ("account_number", "string", False), ("holder_last_name", "string", False),
        ("service_type", "singlevaluelist", False)]
    pickup = attributes(service_find("bulk-pickup"))
    assert [(a["code"], a["datatype"], a["required"]) for a in pickup] == [
        ("items", "string", True), ("preferred_date", "datetime", False)]
    assert pickup[0]["datatype_description"].startswith("Comma-separated.")


@pytest.mark.django_db
def test_an_account_request_is_proved_by_the_holders_last_name(client, demo_city):
    """GeoReport's last_name proves the account, or attribute[holder_last_name] when the filer is not the holder."""
    from apps.utilities.models import ServiceRequest

    form = {"service_code": "utility-request-meter_reading", "description": "Reads high",
            "attribute[account_number]": "UA-100234", "attribute[service_type]": "water"}
    wrong = client.post("/open311/v2/requests.json", {**form, "last_name": "Nobody"})
    assert wrong.status_code == 400 and "holder" in wrong.json()[0]["description"].lower(), wrong.content
    assert not ServiceRequest.objects.filter(description="Reads high").exists()
    for_a_parent = client.post("/open311/v2/requests.json", {**form, "first_name": "Kim", "last_name": "Park",
                                                             "attribute[holder_last_name]": "Lee"})
    assert for_a_parent.status_code == 201, for_a_parent.content
    assert ServiceRequest.objects.get(description="Reads high").account.account_number == "UA-100234"
