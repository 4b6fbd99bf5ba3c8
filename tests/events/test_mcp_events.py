"""Events caused the way assistants cause them: a tools/call on a real MCP endpoint."""
import httpx

from tests.events.streams import assert_silent, connect, recv_events, subscribe

HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json",
           "MCP-Protocol-Version": "2025-06-18"}


async def call_tool(server, domain: str, name: str, arguments: dict) -> dict:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}}
    async with httpx.AsyncClient(timeout=20) as client:
        response = await client.post(server.mcp_url(domain), json=body, headers=HEADERS)
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert not result.get("isError"), result
    return result["structuredContent"]


async def test_report_violation_reaches_a_parking_subscriber_with_the_seed_fields(server, demo_city, issue_key):
    async with connect(server.events_url("parking"), key=await issue_key(domains=["parking"])) as ws:
        await subscribe(ws, events=["violation.created"])
        answer = await call_tool(server, "parking", "report_violation",
                                 {"license_plate": "EVT123", "violation_type": "expired_meter",
                                  "location": "123 Main St"})
        (event,) = await recv_events(ws, 1)
    assert event["type"] == "violation.created" and event["domain"] == "parking"
    assert event["data"]["license_plate"] == "EVT123"
    assert event["data"]["citation_number"] == answer["citation_number"]
    assert isinstance(event["data"]["violation_id"], int)


async def test_a_complaint_filed_on_the_noise_port_reaches_a_subscriber_on_the_parking_port(server, demo_city,
                                                                                          issue_key):
    key = await issue_key()  # staff in every domain: the case number is not public
    async with connect(server.events_url("parking"), key=key) as ws, connect(server.events_url("noise")) as own:
        await subscribe(ws, events=["complaint.filed"], domains=["noise"])
        await subscribe(own, events=["violation.*"])  # the noise port's default is noise: nothing here
        answer = await call_tool(server, "noise", "file_complaint",
                                 {"location": "123 Main St", "noise_type": "loud_music"})
        (event,) = await recv_events(ws, 1)
        await assert_silent(own, 0.5)
    assert event["type"] == "complaint.filed" and event["domain"] == "noise"
    assert event["data"]["case_number"] == answer["case_number"]
