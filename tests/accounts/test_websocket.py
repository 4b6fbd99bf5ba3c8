"""API keys on /events: the ASGI middleware in front of the event consumer (in process)."""
import asyncio

import pytest
from channels.testing import WebsocketCommunicator

from apps.accounts.websocket import (
    CLOSE_RATE_LIMITED, CLOSE_UNAUTHORIZED, ApiKeyWebsocketMiddleware, close_code, key_from_scope, principal_for_key,
)

pytestmark = pytest.mark.django_db(transaction=True)


async def echo_principal(scope, receive, send):
    """A stand-in consumer: accept, and say who the middleware said is calling."""
    await receive()
    await send({"type": "websocket.accept"})
    principal = scope["civicmind.principal"]
    await send({"type": "websocket.send", "text": f"{principal.key_id}:{principal.label}"})
    await receive()


def communicator(path: str = "/events", headers=None, client=("198.51.100.40", 5000)):
    app = ApiKeyWebsocketMiddleware(echo_principal)
    socket = WebsocketCommunicator(app, path, headers=headers or [])
    socket.scope["client"] = client
    socket.scope["server"] = ("127.0.0.1", 9300)
    return socket


async def connect(socket):
    connected, code = await socket.connect()
    if connected:
        text = await socket.receive_from()
        await socket.disconnect()
        return True, text
    return False, code


def test_key_from_scope():
    assert key_from_scope({"headers": [(b"x-api-key", b"cmk_a")], "query_string": b"api_key=cmk_b"}) == "cmk_a"
    assert key_from_scope({"headers": [(b"authorization", b"Bearer cmk_c")]}) == "cmk_c"
    assert key_from_scope({"headers": [], "query_string": b"since=4&api_key=cmk_d"}) == "cmk_d"
    assert key_from_scope({"headers": [], "query_string": b"since=4"}) is None


async def test_anonymous_subscribers_are_let_in_by_default(lookups):
    assert await connect(communicator()) == (True, "None:anonymous")


async def test_a_key_in_a_header_or_the_query_names_the_subscriber(make_key, lookups):
    issued = await asyncio.to_thread(make_key)
    expected = (True, f"{issued.api_key.pk}:{issued.raw_key[:12]}…")
    assert await connect(communicator(headers=[(b"x-api-key", issued.raw_key.encode())])) == expected
    assert await connect(communicator(f"/events?api_key={issued.raw_key}")) == expected


async def test_bad_and_revoked_keys_are_refused_before_the_handshake(make_key, lookups):
    from apps.accounts.services import api_key_revoke

    issued = await asyncio.to_thread(make_key)
    await asyncio.to_thread(api_key_revoke, api_key=issued.api_key)
    assert await connect(communicator(f"/events?api_key={issued.raw_key}")) == (False, CLOSE_UNAUTHORIZED)
    assert await connect(communicator(headers=[(b"x-api-key", b"nonsense")])) == (False, CLOSE_UNAUTHORIZED)


async def test_a_key_is_required_when_configured(settings, lookups):
    settings.CIVICMIND_REQUIRE_API_KEY = True
    assert await connect(communicator()) == (False, CLOSE_UNAUTHORIZED)


async def test_principal_for_key_resolves_and_refuses_like_the_handshake(make_key, lookups):
    from apps.accounts.principals import AccessRefused

    issued = await asyncio.to_thread(make_key, domains=["permits"], level="staff")
    scope = {"type": "websocket", "client": ("198.51.100.44", 5000), "server": ("127.0.0.1", 9300)}
    principal = await principal_for_key(scope, issued.raw_key)
    assert (principal.key_id, principal.domains) == (issued.api_key.pk, frozenset({"permits"}))
    with pytest.raises(AccessRefused) as refused:
        await principal_for_key(scope, "cmk_not_a_key")
    assert close_code(refused.value) == CLOSE_UNAUTHORIZED


async def test_connections_count_against_the_address_limit(settings, lookups):
    settings.REDIS_URL = ""
    settings.CIVICMIND_RATE_LIMIT_PER_ADDRESS = 2
    settings.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS = 1_000_000
    results = [await connect(communicator(client=("198.51.100.41", 5000))) for _ in range(3)]
    assert results == [(True, "None:anonymous"), (True, "None:anonymous"), (False, CLOSE_RATE_LIMITED)]


async def test_failed_attempts_count_against_the_address(settings, lookups):
    settings.REDIS_URL = ""
    settings.CIVICMIND_RATE_LIMIT_PER_ADDRESS = 2
    settings.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS = 1_000_000
    client = ("198.51.100.42", 5000)
    results = [await connect(communicator(headers=[(b"x-api-key", b"guess")], client=client)) for _ in range(3)]
    assert results == [(False, CLOSE_UNAUTHORIZED), (False, CLOSE_UNAUTHORIZED), (False, CLOSE_RATE_LIMITED)]
