"""Resource subscriptions through real servers and the official SDK client, in both eras.

The client holds its stream on one process (a permits daphne); the change is made by a staff
member in the admin of another process (the session's `serve`): the notification travels
through the outbox and the channel layer (or the pump's poll of the outbox on SQLite).
"""
import asyncio
import uuid
import warnings

import anyio
import httpx
import pytest
from mcp import Client
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp_types import ResourceListChangedNotification, ResourceUpdatedNotification

from apps.mcp.models import McpSession, ResourceSubscription
from apps.permits.models import PermitApplication
from tests.events.streams import db_read
from tests.platform.staff import staff_login
from tests.servers import start_daphne

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def permits_process(server, db_settings, tmp_path):
    """A second process, the permits listener alone: the client's streams live here."""
    process = start_daphne(db_settings, tmp_path, "permits", CIVICMIND_EVENTS_POLL_MS="200",
                           **({"REDIS_URL": server.env["REDIS_URL"]} if server.env.get("REDIS_URL") else {}))
    yield process
    process.stop()


def applications_in_review() -> list[PermitApplication]:
    return list(PermitApplication.objects.filter(status="in_review").order_by("id"))


async def admin_moves(server, application, move: str) -> None:
    """A staff member presses the application's workflow button in the admin (another process)."""
    def press():
        for browser in staff_login(server, f"clerk-{uuid.uuid4().hex[:8]}"):
            page = browser.get(f"/admin/permits/permitapplication/{application.pk}/change/")
            token = browser.cookies.get("csrftoken")
            reply = browser.post(f"/admin/permits/permitapplication/{application.pk}/workflow/{move}/",
                                 data={"csrfmiddlewaretoken": token},
                                 headers={"Referer": f"{server.base()}/admin/"})
            assert page.status_code == 200 and reply.status_code == 302, reply.text[:500]
    await asyncio.to_thread(press)


async def wait_for(queue: asyncio.Queue, kind, timeout: float = 20.0):
    with anyio.fail_after(timeout):
        while True:
            message = await queue.get()
            if isinstance(message, kind):
                return message


async def test_a_legacy_session_hears_of_an_admin_move_made_in_another_process(server, permits_process, demo_city):
    application, other = (await db_read(applications_in_review))[:2]
    uri = f"civicmind://permits/applications/{application.reference.lower()}"  # as a resident types it
    other_uri = f"civicmind://permits/applications/{other.reference}"
    received: asyncio.Queue = asyncio.Queue()

    async def on_message(message):
        root = getattr(message, "root", message)
        if isinstance(root, (ResourceUpdatedNotification, ResourceListChangedNotification)):
            received.put_nowait(root)

    async with streamable_http_client(permits_process.mcp_url("permits")) as (read, write):
        async with ClientSession(read, write, message_handler=on_message) as session:
            initialized = await session.initialize()
            assert initialized.capabilities.resources.subscribe is True
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the SDK marks them removed in 2026-07-28
                await session.subscribe_resource(uri)
                await session.subscribe_resource(other_uri)
            stored = await db_read(lambda: list(ResourceSubscription.objects.values_list("uri", "watch_key")))
            assert stored[0] == (uri, f"civicmind://permits/applications/{{reference}}#{application.reference}")
            await admin_moves(server, application, "approve")
            updated = await wait_for(received, ResourceUpdatedNotification)
            assert str(updated.params.uri) == uri
            read_again = await session.read_resource(uri)
            assert '"status": "approved"' in read_again.contents[0].text.replace('":"', '": "')
            # Unsubscribed: the other application's move is not announced.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the SDK marks them removed in 2026-07-28
                await session.unsubscribe_resource(other_uri)
            await admin_moves(server, other, "approve")
            with pytest.raises(TimeoutError):
                await wait_for(received, ResourceUpdatedNotification, timeout=3)
    # The client's DELETE ended the session; its id is refused from now on.
    session_row = await db_read(lambda: McpSession.objects.get())
    assert session_row.ended_at is not None
    async with httpx.AsyncClient() as client:
        reply = await client.post(permits_process.mcp_url("permits"), headers={
            "Mcp-Session-Id": session_row.id, "Accept": "application/json, text/event-stream",
            "MCP-Protocol-Version": "2025-11-25"}, json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert reply.status_code == 404 and reply.json()["error"]["code"] == -32600


async def test_a_2026_listen_stream_hears_of_an_admin_move_made_in_another_process(server, permits_process,
                                                                                   demo_city):
    application = (await db_read(applications_in_review))[0]
    uri = f"civicmind://permits/applications/{application.reference}"
    elsewhere = "civicmind://permits/applications/PRM-2026-999999"  # no such application: not honored
    async with Client(permits_process.mcp_url("permits")) as client:
        assert client.session.protocol_version == "2026-07-28"
        async with client.listen(resource_subscriptions=[uri, elsewhere], resources_list_changed=True) as listening:
            assert listening.honored.resource_subscriptions == [uri]
            assert listening.honored.resources_list_changed is True
            await admin_moves(server, application, "approve")
            with anyio.fail_after(20):
                event = await anext(listening)
            assert event.uri == uri


async def test_a_new_complaint_changes_the_resource_list_of_a_legacy_session(server, demo_city):
    received: asyncio.Queue = asyncio.Queue()

    async def on_message(message):
        root = getattr(message, "root", message)
        if isinstance(root, ResourceListChangedNotification):
            received.put_nowait(root)

    async with streamable_http_client(server.mcp_url("noise")) as (read, write):
        async with ClientSession(read, write, message_handler=on_message) as session:
            await session.initialize()
            await asyncio.sleep(0.5)  # the GET stream is open
            await session.call_tool("file_complaint", {"location": "123 Main St", "noise_type": "loud_music"})
            await wait_for(received, ResourceListChangedNotification)


def test_a_drain_ends_open_streams_at_once_and_a_listen_gracefully(db_settings, demo_city, tmp_path):
    """SIGTERM: the worker drains; open streams must not hold it for the whole drain time."""
    import json
    import signal
    import time

    from tests.servers import start_serve

    serving = start_serve(db_settings, tmp_path, workers=1, CIVICMIND_DRAIN_SECONDS="30")
    try:
        url = serving.mcp_url("permits")
        meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {}}
        body = {"jsonrpc": "2.0", "id": 7, "method": "subscriptions/listen",
                "params": {"_meta": meta, "notifications": {"resourcesListChanged": True}}}
        headers = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2026-07-28",
                   "Mcp-Method": "subscriptions/listen"}
        messages = []
        with httpx.stream("POST", url, json=body, headers=headers, timeout=20) as stream:
            lines = stream.iter_lines()
            for line in lines:
                if line.startswith("data: "):
                    messages.append(json.loads(line[6:]))
                    break
            started = time.monotonic()
            serving.process.send_signal(signal.SIGTERM)
            for line in lines:
                if line.startswith("data: "):
                    messages.append(json.loads(line[6:]))
            ended = time.monotonic() - started
        assert [m.get("method") for m in messages] == ["notifications/subscriptions/acknowledged", None]
        assert messages[1] == {"jsonrpc": "2.0", "id": 7, "result": {
            "resultType": "complete", "_meta": {"io.modelcontextprotocol/subscriptionId": 7}}}
        assert ended < 10, f"the stream held the drain for {ended:.1f}s"
        assert serving.process.wait(timeout=25) == 0
    finally:
        serving.stop()


def test_a_restart_loses_no_subscription(db_settings, demo_city, tmp_path):
    """Subscribed on one process; that process goes; the session's stream on a new one still hears."""
    import json

    from apps.permits.services import permit_application_transition

    application = PermitApplication.objects.filter(status="in_review").order_by("id").first()
    uri = f"civicmind://permits/applications/{application.reference}"
    headers = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-11-25"}
    first = start_daphne(db_settings, tmp_path, "permits")
    try:
        initialized = httpx.post(first.mcp_url("permits"), headers=headers, json={
            "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
        session = {"Mcp-Session-Id": initialized.headers["mcp-session-id"]}
        subscribed = httpx.post(first.mcp_url("permits"), headers={**headers, **session}, json={
            "jsonrpc": "2.0", "id": 2, "method": "resources/subscribe", "params": {"uri": uri}})
        assert subscribed.json()["result"] == {}
    finally:
        first.stop()
    second = start_daphne(db_settings, tmp_path, "permits", CIVICMIND_EVENTS_POLL_MS="200")
    try:
        with httpx.stream("GET", second.mcp_url("permits"), headers={"Accept": "text/event-stream", **session},
                          timeout=20) as stream:
            assert stream.status_code == 200
            lines = stream.iter_lines()
            assert next(lines).startswith(":")  # the stream is open: the change comes after
            permit_application_transition(reference=application.reference, status="approved", note="",
                                          actor="test")
            for line in lines:
                if line.startswith("data: "):
                    message = json.loads(line[6:])
                    break
        assert message == {"jsonrpc": "2.0", "method": "notifications/resources/updated", "params": {"uri": uri}}
    finally:
        second.stop()


def test_a_process_holds_at_most_its_share_of_streams(db_settings, demo_city, tmp_path):
    capped = start_daphne(db_settings, tmp_path, "permits", CIVICMIND_MCP_MAX_STREAMS="1")
    headers = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-11-25"}
    try:
        sessions = []
        for _ in range(2):
            initialized = httpx.post(capped.mcp_url("permits"), headers=headers, json={
                "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
            sessions.append({"Accept": "text/event-stream", "Mcp-Session-Id": initialized.headers["mcp-session-id"]})
        with httpx.stream("GET", capped.mcp_url("permits"), headers=sessions[0], timeout=10) as first:
            assert first.status_code == 200
            refused = httpx.get(capped.mcp_url("permits"), headers=sessions[1], timeout=10)
            assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
            assert refused.json()["error"]["code"] == -32603
    finally:
        capped.stop()
