"""Utility service requests and bulk pickups as Open311 services, through the real server.

Read by the published client (georeport, PyPI) like the other services: listed, defined,
filed with the form POST Open311 apps send, read back in JSON and XML, in the public view
only (no account number, holder's name, contact, home address or what the filer wrote).
"""
import requests

from apps.accounts.models import AuditEntry
from apps.environmental.models import BulkPickup
from apps.events.models import Event
from apps.utilities.models import ServiceRequest
from tests.accounts.helpers import wait_for
from tests.open311.test_georeport_client_e2e import JURISDICTION, as_text, clients, file, xml_list


def without_values(attribute: dict) -> dict:
    return {key: value for key, value in attribute.items() if key != "values"}


def test_a_utility_service_request_is_filed_on_an_account_and_read_back_in_public(server, demo_city):
    json_client, xml_client = clients(server)
    listed = {service["service_code"]: service for service in json_client.get_service_list()}
    assert listed["utility-request-leak"]["service_name"] == "Utility service request: Leak"
    assert listed["utility-request-leak"]["group"] == "Utility service request"
    definition = json_client.get_service_definition("utility-request-leak")
    codes = [attribute["code"] for attribute in definition["attributes"]]
    assert codes == ["account_number", "holder_last_name", "service_type"]  # where, what, contact are GeoReport's
    in_xml = xml_list(xml_client.get_service_definition("utility-request-leak")["attributes"]["attribute"])
    assert [as_text(without_values(a)) for a in definition["attributes"]] == [without_values(a) for a in in_xml]
    service_type = definition["attributes"][2]
    assert [value["key"] for value in service_type["values"]] == ["water", "electric", "gas", "sewer"]
    assert as_text(service_type["values"]) == in_xml[2]["values"]["value"]  # <values><value>… in XML

    form = {"service_code": "utility-request-leak", "description": "Water pooling by the meter",
            "first_name": "Jordan", "last_name": "Lee", "email": "jordan@example.org",
            "idempotency_key": "open311-sr-1", "attribute[account_number]": "UA-100234",
            "attribute[service_type]": "water"}  # the holder's last name is GeoReport's last_name
    filed = file(server, **form)
    assert filed.status_code == 201, filed.text
    answer = filed.json()[0]
    reference = answer["service_request_id"]
    assert reference.startswith("SR-") and answer["access_code"]
    request = ServiceRequest.objects.get(reference=reference)
    assert (request.request_type, request.service_type, request.account.account_number, request.contact,
            request.description) == ("leak", "water", "UA-100234", "jordan@example.org",
                                     "Water pooling by the meter")
    assert Event.objects.filter(type="service_request.created", data__reference=reference).exists()
    assert wait_for(lambda: AuditEntry.objects.filter(tool="create_service_request").exists())
    again = file(server, **form)  # a retry: the same request, not a second one
    assert again.status_code == 201 and again.json()[0]["service_request_id"] == reference, again.text
    assert ServiceRequest.objects.filter(description="Water pooling by the meter").count() == 1

    shown = json_client.get_service_request(reference)
    assert (shown["service_code"], shown["status"], shown["agency_responsible"]) == (
        "utility-request-leak", "open", "Utilities")
    assert shown["expected_datetime"].startswith(request.respond_by.isoformat())
    assert as_text(shown) == xml_client.get_service_request(reference)
    listed_leaks = json_client.get_service_requests(service_code="utility-request-leak", status="open")
    assert reference in {r["service_request_id"] for r in listed_leaks}
    assert as_text(listed_leaks) == xml_list(xml_client.get_service_requests(service_code="utility-request-leak",
                                                                             status="open"))
    token = requests.get(f"{server.base()}/open311/v2/tokens/{reference}.json", timeout=30).json()
    assert token == [{"service_request_id": reference, "token": reference}]


def test_the_public_read_of_a_service_request_shows_no_account_name_contact_or_address(server, demo_city):
    json_client, xml_client = clients(server)
    on_account = file(server, service_code="utility-request-meter_reading", description="Meter reads high",
                      first_name="Jordan", last_name="Lee", phone="555-0142",
                      **{"attribute[account_number]": "UA-100234", "attribute[service_type]": "water"})
    by_address = file(server, service_code="utility-request-start_service", address_string="456 Oak Ave",
                      description="Moving in on the 1st", first_name="Sam", last_name="Rivera",
                      email="sam@example.org", **{"attribute[service_type]": "electric"})
    assert on_account.status_code == by_address.status_code == 201, (on_account.text, by_address.text)
    references = [on_account.json()[0]["service_request_id"], by_address.json()[0]["service_request_id"]]
    account_address = ServiceRequest.objects.get(reference=references[0]).address
    secrets = ("UA-100234", "Lee", "Jordan", "555-0142", "Meter reads high", account_address,
               "456 Oak Ave", "Sam", "Rivera", "sam@example.org", "Moving in")
    read = [json_client.get_service_request(reference) for reference in references]
    read_xml = [xml_client.get_service_request(reference) for reference in references]
    listed = json_client.get_service_requests(service_request_id=",".join(references))
    for shown in (*read, *read_xml, listed):
        assert not [secret for secret in secrets if secret in str(shown)], shown
    assert [shown["address"] for shown in read] == [None, None]
    assert [shown["description"] for shown in read] == [None, None]


def test_an_account_without_its_holders_name_is_refused_like_the_tool(server, demo_city):
    wrong = file(server, service_code="utility-request-stop_service", description="Stop it",
                 last_name="Nobody", **{"attribute[account_number]": "UA-100234"})
    assert wrong.status_code == 400, wrong.text
    assert not ServiceRequest.objects.filter(description="Stop it").exists()
    nothing = file(server, service_code="utility-request-leak", description="Somewhere")
    assert nothing.status_code == 400 and "account_number" in nothing.json()[0]["description"]


def test_a_bulk_pickup_is_booked_and_read_back_without_the_bookers_address(server, demo_city):
    json_client, xml_client = clients(server)
    assert "bulk-pickup" in {service["service_code"] for service in json_client.get_service_list()}
    definition = json_client.get_service_definition("bulk-pickup")
    by_code = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert list(by_code) == ["items", "preferred_date"]
    assert (by_code["items"]["datatype"], by_code["items"]["required"]) == ("string", True)
    assert by_code["preferred_date"]["datatype"] == "datetime"

    booked = requests.post(f"{server.base()}/open311/v2/requests.xml", timeout=30, data={
        "jurisdiction_id": JURISDICTION, "service_code": "bulk-pickup", "address_string": "456 Oak Ave",
        "first_name": "Sam", "phone": "555-0177", "attribute[items][]": ["sofa", "mattress"],
        "attribute[preferred_date]": "2026-11-30T00:00:00-08:00"})
    assert booked.status_code == 201, booked.text
    comma = file(server, service_code="bulk-pickup", address_string="123 Main St", email="ada@example.org",
                 **{"attribute[items]": "armchair, dresser"})
    assert comma.status_code == 201, comma.text
    reference = comma.json()[0]["service_request_id"]
    pickup = BulkPickup.objects.get(reference=reference)
    assert (pickup.items, pickup.contact) == (["armchair", "dresser"], "ada@example.org")
    assert Event.objects.filter(type="pickup.scheduled", data__reference=reference).exists()
    first = BulkPickup.objects.exclude(reference=reference).get(contact="555-0177")
    assert first.items == ["sofa", "mattress"] and first.scheduled_for.isoformat() >= "2026-11-30"

    shown = json_client.get_service_request(reference)
    assert (shown["service_code"], shown["service_name"], shown["status"]) == (
        "bulk-pickup", "Bulk pickup", "open")
    assert shown["expected_datetime"].startswith(pickup.scheduled_for.isoformat())
    assert shown["address"] == pickup.area.name  # the collection area, never the booker's address
    assert "123 Main St" not in str(shown) and "ada@example.org" not in str(shown)
    assert "456 Oak Ave" not in str(json_client.get_service_request(first.reference))
    assert as_text(shown) == xml_client.get_service_request(reference)
    listed = json_client.get_service_requests(service_code="bulk-pickup")
    assert {reference, first.reference} <= {r["service_request_id"] for r in listed}
