"""The REST API through the real server: tools as operations, resources as GETs, problems, keys."""
import json

import httpx
import jsonschema
from django.contrib.auth import get_user_model

from apps.accounts.models import AuditEntry
from apps.accounts.services import api_key_create
from apps.noise.models import Complaint
from tests.accounts.helpers import wait_for
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schema, rpc

FILING = {"location": "123 Main St", "noise_type": "loud_music"}


def api(server, path: str) -> str:
    return f"{server.base()}/api/v1/{path}"


def test_a_write_tool_is_a_post_answering_its_structured_content(server, demo_city):
    response = httpx.post(api(server, "noise/tools/file_complaint"), json=FILING)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    facts = response.json()
    jsonschema.validate(facts, output_schema(server.mcp_url("noise"), "file_complaint"))
    complaint = Complaint.objects.get(case_number=facts["case_number"])
    assert (complaint.noise_type, complaint.location.key) == ("loud_music", "123 main st")
    assert facts["access_code"]
    # Audited like the MCP call it is.
    assert wait_for(lambda: AuditEntry.objects.filter(tool="file_complaint").exists())


def test_a_read_tool_answers_the_same_facts_by_get_post_and_mcp(server, demo_city):
    arguments = {"location": "123 Main St", "time": "2026-11-24T23:00:00-08:00"}
    by_mcp = rpc(server.mcp_url("noise"), "tools/call", {"name": "check_ordinance", "arguments": arguments},
                 headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    by_post = httpx.post(api(server, "noise/tools/check_ordinance"), json=arguments)
    by_get = httpx.get(api(server, "noise/tools/check_ordinance"), params=arguments)
    assert by_post.status_code == by_get.status_code == 200, (by_post.text, by_get.text)
    assert by_post.json() == by_get.json() == by_mcp
    assert by_mcp["in_quiet_hours"] is True


def test_invalid_arguments_are_a_problem_naming_the_argument(server, demo_city):
    response = httpx.post(api(server, "noise/tools/file_complaint"), json={"location": "123 Main St",
                                                                          "noise_type": "kazoo"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["type"], problem["status"], problem["code"]) == (
        "urn:civicmind:problem:invalid_arguments", 400, "invalid_arguments")
    assert list(problem["errors"]) == ["noise_type"]


def test_a_missing_record_is_404_and_a_refused_rule_422(server, demo_city):
    missing = httpx.post(api(server, "noise/tools/track_complaint"), json={"case_number": "NC-2026-999999"})
    assert missing.status_code == 404, missing.text
    assert missing.json()["code"] == "complaint_not_found"
    unknown_place = httpx.post(api(server, "noise/tools/file_complaint"),
                               json={"location": "Nowhere Plaza 99", "noise_type": "loud_music"})
    assert unknown_place.status_code == 422, unknown_place.text
    assert unknown_place.json()["code"] == "unknown_place"


def test_staff_tools_need_a_staff_key_as_on_mcp(server, demo_city):
    arguments = {"case_number": "NC-2026-000101", "status": "resolved", "note": "Music turned down"}
    anonymous = httpx.post(api(server, "noise/tools/update_complaint_status"), json=arguments)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "access_refused"
    owner = get_user_model().objects.create_user("noise-desk", password="x")
    parking_key = api_key_create(name="parking", owner=owner, domains=["parking"], access_level="staff")
    elsewhere = httpx.post(api(server, "noise/tools/update_complaint_status"), json=arguments,
                           headers={"Authorization": f"Bearer {parking_key.raw_key}"})
    assert elsewhere.status_code == 403
    noise_key = api_key_create(name="noise", owner=owner, domains=["noise"], access_level="staff")
    staff = httpx.post(api(server, "noise/tools/update_complaint_status"), json=arguments,
                       headers={"X-API-Key": noise_key.raw_key})
    assert staff.status_code == 200, staff.text
    assert Complaint.objects.get(case_number="NC-2026-000101").status == "resolved"
    bad = httpx.post(api(server, "noise/tools/update_complaint_status"), json=arguments,
                     headers={"X-API-Key": "cmk_not_a_real_key"})
    assert bad.status_code == 401 and bad.headers["content-type"] == "application/problem+json"


def test_resources_are_gets_mirroring_their_uris(server, demo_city):
    types = httpx.get(api(server, "permits/types"))
    assert types.status_code == 200, types.text
    by_mcp = rpc(server.mcp_url("permits"), "resources/read", {"uri": "civicmind://permits/types"})
    assert types.json() == json.loads(by_mcp["result"]["contents"][0]["text"])
    missing = httpx.get(api(server, "parking/citations/VIO-1999-000001"))
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_the_idempotency_key_header_answers_a_retry_with_the_first_answer(server, demo_city):
    headers = {"Idempotency-Key": "rest-retry-1"}
    before = Complaint.objects.count()
    first = httpx.post(api(server, "noise/tools/file_complaint"), json=FILING, headers=headers)
    again = httpx.post(api(server, "noise/tools/file_complaint"), json=FILING, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["case_number"] == again.json()["case_number"]
    assert Complaint.objects.count() == before + 1


def test_unknown_tool_and_wrong_method_are_problems(server):
    assert httpx.post(api(server, "noise/tools/no_such_tool"), json={}).status_code == 404
    wrong = httpx.get(api(server, "noise/tools/file_complaint"))
    assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"
    not_json = httpx.post(api(server, "noise/tools/check_ordinance"), content=b"{nope",
                          headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400 and not_json.json()["code"] == "invalid_json"


def test_the_docs_page_loads_its_assets_from_this_server(server):
    page = httpx.get(api(server, "docs/"))
    assert page.status_code == 200
    for asset in ("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js", "/static/api/docs.js"):
        assert asset in page.text
        assert httpx.get(f"{server.base()}{asset}").status_code == 200, asset
