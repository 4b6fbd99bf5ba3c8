"""Resolving the caller: headers, key states, the cache, shared look-ups, last-used marks."""
import asyncio
import datetime

import pytest
from django.utils import timezone
from prometheus_client import REGISTRY

from apps.accounts import errors
from apps.accounts.audit import audit_writer
from apps.accounts.authentication import key_from_headers
from apps.accounts.keys import key_generate
from apps.accounts.models import ApiKey
from apps.accounts.services import api_key_revoke
from apps.mcp.access import ANONYMOUS, AccessRefused, authenticate
from apps.mcp.registry import Access
from civicmind.logging import request_id_var
from tests.accounts.conftest import make_call

# Keys are read on another thread, so their rows must be committed.
needs_db = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("headers, expected", [
    ({}, None),
    ({"x-api-key": "cmk_abc"}, "cmk_abc"),
    ({"x-api-key": "  cmk_abc  "}, "cmk_abc"),
    ({"authorization": "Bearer cmk_abc"}, "cmk_abc"),
    ({"authorization": "bearer   cmk_abc"}, "cmk_abc"),
    ({"authorization": "Basic dXNlcjpwYXNz"}, None),
    ({"authorization": "Bearer "}, None),
    ({"x-api-key": ""}, None),
    ({"x-api-key": "cmk_first", "authorization": "Bearer cmk_second"}, "cmk_first"),
])
def test_key_from_headers(headers, expected):
    assert key_from_headers(headers) == expected


async def test_no_key_is_anonymous_without_any_lookup(lookups):
    assert await authenticate({}, make_call()) is ANONYMOUS
    assert lookups == []


async def test_no_key_is_refused_when_keys_are_required(settings, lookups):
    settings.CIVICMIND_REQUIRE_API_KEY = True
    with pytest.raises(AccessRefused) as raised:
        await authenticate({}, make_call())
    refused = raised.value
    assert (refused.status, refused.code, refused.message) == (401, -32001, errors.API_KEY_REQUIRED_MESSAGE)
    assert refused.headers == [(b"www-authenticate", b'Bearer realm="civicmind"')]
    assert lookups == []


@needs_db
async def test_a_valid_key_resolves_to_its_principal(make_key, lookups):
    issued = await asyncio.to_thread(make_key, name="Tablets", domains=["parking"], level="staff")
    for headers in ({"x-api-key": issued.raw_key}, {"authorization": f"Bearer {issued.raw_key}"}):
        principal = await authenticate(headers, make_call())
        assert principal.key_id == issued.api_key.pk
        assert principal.name == "Tablets"
        assert principal.prefix == issued.raw_key[:12]
        assert principal.domains == frozenset({"parking"})
        assert principal.level == Access.STAFF
        assert not principal.is_anonymous
    assert len(lookups) == 1  # the second request was answered from the cache


async def test_a_malformed_key_is_refused_without_a_lookup(lookups):
    with pytest.raises(AccessRefused) as raised:
        await authenticate({"x-api-key": "not-a-key"}, make_call())
    assert (raised.value.status, raised.value.message) == (401, errors.API_KEY_INVALID_MESSAGE)
    assert lookups == []


@needs_db
async def test_an_unknown_key_is_refused_even_when_keys_are_optional(lookups):
    with pytest.raises(AccessRefused) as raised:
        await authenticate({"x-api-key": key_generate()}, make_call())
    assert (raised.value.status, raised.value.code, raised.value.message) == (
        401, -32001, errors.API_KEY_INVALID_MESSAGE)
    assert len(lookups) == 1


@needs_db
async def test_an_expired_key_is_refused(make_key, lookups):
    issued = await asyncio.to_thread(make_key, expires_in=datetime.timedelta(hours=1))
    await asyncio.to_thread(ApiKey.objects.filter(pk=issued.api_key.pk).update,
                            expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(AccessRefused) as raised:
        await authenticate({"x-api-key": issued.raw_key}, make_call())
    assert raised.value.message == (f"Unauthorized: the API key {issued.raw_key[:12]}… has expired. "
                                    "Ask city staff for a new one.")


@needs_db
async def test_a_key_expiring_while_cached_is_refused_from_the_cache(make_key, lookups, settings):
    settings.CIVICMIND_API_KEY_CACHE_SECONDS = 60
    issued = await asyncio.to_thread(make_key, expires_in=datetime.timedelta(seconds=1))
    assert (await authenticate({"x-api-key": issued.raw_key}, make_call())).key_id == issued.api_key.pk
    await asyncio.sleep(1.1)
    with pytest.raises(AccessRefused) as raised:
        await authenticate({"x-api-key": issued.raw_key}, make_call())
    assert "has expired" in raised.value.message
    assert len(lookups) == 1


@needs_db
async def test_a_revoked_key_is_refused(make_key, lookups):
    issued = await asyncio.to_thread(make_key)
    await asyncio.to_thread(api_key_revoke, api_key=issued.api_key)
    with pytest.raises(AccessRefused) as raised:
        await authenticate({"x-api-key": issued.raw_key}, make_call())
    assert raised.value.message == (f"Unauthorized: the API key {issued.raw_key[:12]}… has been revoked. "
                                    "Ask city staff for a new one.")


@needs_db
async def test_revocation_elsewhere_takes_effect_when_the_cache_entry_lapses(make_key, lookups, settings):
    settings.CIVICMIND_API_KEY_CACHE_SECONDS = 1
    issued = await asyncio.to_thread(make_key)
    headers = {"x-api-key": issued.raw_key}
    await authenticate(headers, make_call())
    # Another process revokes: this process's cache is not told.
    await asyncio.to_thread(ApiKey.objects.filter(pk=issued.api_key.pk).update, revoked_at=timezone.now())
    assert (await authenticate(headers, make_call())).key_id == issued.api_key.pk
    await asyncio.sleep(1.1)
    with pytest.raises(AccessRefused):
        await authenticate(headers, make_call())
    assert len(lookups) == 2


@needs_db
async def test_revocation_in_this_process_takes_effect_at_once(make_key, lookups, settings):
    settings.CIVICMIND_API_KEY_CACHE_SECONDS = 60
    issued = await asyncio.to_thread(make_key)
    headers = {"x-api-key": issued.raw_key}
    await authenticate(headers, make_call())
    await asyncio.to_thread(api_key_revoke, api_key=issued.api_key)
    with pytest.raises(AccessRefused):
        await authenticate(headers, make_call())


@needs_db
async def test_concurrent_requests_with_one_key_share_one_lookup(make_key, lookups):
    issued = await asyncio.to_thread(make_key)
    principals = await asyncio.gather(*[authenticate({"x-api-key": issued.raw_key}, make_call())
                                        for _ in range(20)])
    assert {p.key_id for p in principals} == {issued.api_key.pk}
    assert len(lookups) == 1


@needs_db
async def test_last_used_is_marked_at_most_once_a_minute(make_key, lookups):
    issued = await asyncio.to_thread(make_key)
    for _ in range(3):
        await authenticate({"x-api-key": issued.raw_key}, make_call())
    assert audit_writer.used_pending == {issued.api_key.pk}
    await asyncio.to_thread(audit_writer.flush)
    assert audit_writer.used_pending == set()
    await authenticate({"x-api-key": issued.raw_key}, make_call())
    assert audit_writer.used_pending == set()  # marked less than a minute ago
    key = await asyncio.to_thread(ApiKey.objects.get, pk=issued.api_key.pk)
    assert key.last_used_at is not None
    assert timezone.now() - key.last_used_at < datetime.timedelta(seconds=30)


async def test_authenticate_binds_the_request_id_for_logs():
    call = make_call()
    await authenticate({}, call)
    assert request_id_var.get() == call.request_id


async def test_refusals_are_counted_by_reason(lookups):
    def count():
        return REGISTRY.get_sample_value("mcp_refused_total", {"domain": "zoning", "reason": "invalid_key"}) or 0

    before = count()
    with pytest.raises(AccessRefused):
        await authenticate({"x-api-key": "junk"}, make_call(domain="zoning"))
    assert count() == before + 1


async def test_an_unreachable_database_is_503_not_an_invalid_key(monkeypatch):
    from django.db import OperationalError

    import apps.accounts.key_cache as key_cache_module

    async def broken(func, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(key_cache_module, "run_sync", broken)
    with pytest.raises(AccessRefused) as raised:
        await authenticate({"x-api-key": key_generate()}, make_call())
    refused = raised.value
    assert (refused.status, refused.code, refused.message, refused.headers) == (
        503, -32603, errors.UNAVAILABLE_MESSAGE, [(b"retry-after", b"5")])
