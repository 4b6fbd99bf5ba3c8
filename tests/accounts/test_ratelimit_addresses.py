"""Per-address rate limits key an IPv6 client by its /64 (issue 11, item 6).

One subscriber is handed at least a /64 and may use a new address for every request;
keyed by exact address, an IPv6 caller had an unlimited budget.
"""
import httpx
import pytest
from django.db import connection

from apps.accounts.ratelimit import address_key, buckets_for
from tests.accounts.conftest import make_call
from tests.servers import start_serve

PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
HEADERS = {"accept": "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18"}


@pytest.mark.parametrize("address, key", [
    ("203.0.113.9", "203.0.113.9"),
    ("2001:db8:1:2::a", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
    ("2001:0DB8:0001:0002:0000:0000:0000:0001", "2001:db8:1:2::/64"),  # spelled out, upper case
    ("2001:db8:1:3::a", "2001:db8:1:3::/64"),  # the next /64 is another subscriber
    ("::ffff:198.51.100.7", "198.51.100.7"),  # an IPv4 peer on a dual-stack socket
    ("fe80::1%eth0", "fe80::/64"),
    ("not-an-address", "not-an-address"),
])
def test_address_key(address, key):
    assert address_key(address) == key


def test_addresses_of_one_slash_64_share_one_bucket(settings):
    settings.CIVICMIND_RATE_LIMIT_PER_ADDRESS = 3
    names = {b.name for a in ("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd::9")
             for b in buckets_for(make_call(address=a))}
    assert names == {"addr:2001:db8:1:2::/64"}


@pytest.fixture(scope="module")
def proxied_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """A `serve` behind a (pretend) proxy: it believes X-Forwarded-For, 3 calls per address."""
    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    server = start_serve(settings_dict, tmp_path_factory.mktemp("ratelimit"), CIVICMIND_PROXY_HEADERS="true",
                         CIVICMIND_RATE_LIMIT_PER_ADDRESS="3", CIVICMIND_RATE_LIMIT_WINDOW_SECONDS="3600",
                         REDIS_URL="")
    yield server
    server.stop()


def ping_from(server, address: str) -> httpx.Response:
    return httpx.post(server.mcp_url("parking"), json=PING, headers={**HEADERS, "x-forwarded-for": address},
                      timeout=30)


def test_a_fresh_ipv6_address_per_call_does_not_reset_the_budget(proxied_server, transactional_db):
    statuses = [ping_from(proxied_server, f"2001:db8:77:1::{n:x}").status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = ping_from(proxied_server, "2001:db8:77:1:dead:beef:0:1")
    assert refused.status_code == 429
    assert "client address" in refused.text
    # Another /64 (another subscriber) and an IPv4 caller keep their own budgets.
    assert ping_from(proxied_server, "2001:db8:77:2::1").status_code == 200
    assert ping_from(proxied_server, "198.51.100.20").status_code == 200
