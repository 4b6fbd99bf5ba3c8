"""Two daphne processes, one per domain, sharing events through Redis (channels-redis).

Runs whenever REDIS_URL is set (the suite's one `redis_url` fixture).
"""
import pytest
from django.db import connection

from tests.events.streams import assert_no_events, connect, recv_events, subscribe
from tests.events.test_mcp_events import call_tool
from tests.servers import start_daphne

pytestmark = pytest.mark.redis


@pytest.fixture
def two_listeners(transactional_db, tmp_path, redis_url):
    # A long poll proves delivery came through Redis, not through each process reading the outbox.
    env = {"REDIS_URL": redis_url, "CIVICMIND_EVENTS_POLL_MS": "60000"}
    noise = start_daphne(connection.settings_dict, tmp_path, "noise", **env)
    try:
        parking = start_daphne(connection.settings_dict, tmp_path, "parking", **env)
    except Exception:
        noise.stop()
        raise
    yield noise, parking
    parking.stop()
    noise.stop()


async def test_an_event_caused_on_one_process_reaches_a_subscriber_of_another(two_listeners, demo_city, issue_key):
    noise, parking = two_listeners
    async with connect(parking.events_url("parking"), key=await issue_key()) as ws:
        await subscribe(ws, events=["complaint.*"], domains=["noise"])
        answer = await call_tool(noise, "noise", "file_complaint",
                                 {"location": "123 Main St", "noise_type": "loud_music"})
        (event,) = await recv_events(ws, 1, timeout=5)
    assert event["domain"] == "noise"
    assert event["data"]["case_number"] == answer["case_number"]


async def test_delivery_through_redis_keeps_each_subscribers_view_and_domains(two_listeners, demo_city, issue_key):
    noise, parking = two_listeners
    url = parking.events_url("parking")
    async with connect(url) as anonymous, connect(url, key=await issue_key(domains=["parking"])) as parking_staff, \
            connect(url, key=await issue_key(domains=["noise"])) as noise_staff:
        await subscribe(anonymous, events=["*"], domains=["*"])
        assert (await subscribe(parking_staff, events=["*"], domains=["*"]))["domains"] == ["parking"]
        await subscribe(noise_staff, events=["*"], domains=["*"])
        answer = await call_tool(noise, "noise", "file_complaint",
                                 {"location": "123 Main St", "noise_type": "loud_music"})
        (public,) = await recv_events(anonymous, 1, timeout=5)
        (staff,) = await recv_events(noise_staff, 1, timeout=5)
        await assert_no_events(parking_staff, 1.0)
    assert public["type"] == staff["type"] == "complaint.filed" and public["id"] == staff["id"]
    assert public["data"] == {"noise_type": "loud_music"}
    assert staff["data"]["case_number"] == answer["case_number"]
