"""GET /health, /health/live and /health/ready on real listeners (issue 14, item 6).

/health is the detailed status: healthy on all nine, "degraded" (200) when Redis is away,
503 naming the database when calls cannot be answered. /health/live never looks past the
process; /health/ready is "can this process answer tool calls?".

These only read, so they use the session server without a per-test table flush.
"""
import httpx
import pytest

from civicmind.domains import DOMAINS
from tests.servers import free_ports, start_daphne


@pytest.mark.parametrize("domain", [None, *DOMAINS])
def test_health_is_healthy_on_every_listener(civic_server, domain):
    response = httpx.get(f"{civic_server.base(domain)}/health")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "healthy",
        "domain": domain or "all",
        "port": civic_server.admin_port if domain is None else civic_server.ports[domain],
        "checks": {"database": "ok", "channel_layer": "ok"},
    }


def test_health_by_path_names_the_domain(civic_server):
    body = httpx.get(f"{civic_server.base()}/health/permits/").json()
    assert body["domain"] == "permits"
    assert body["port"] == civic_server.admin_port


def test_admin_is_not_served_on_domain_ports(civic_server):
    response = httpx.get(f"{civic_server.base('parking')}/admin/")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"


def test_admin_is_served_on_admin_port(civic_server):
    response = httpx.get(f"{civic_server.base()}/admin/login/")
    assert response.status_code == 200
    assert "CivicMind" in response.text


def test_health_refuses_other_methods(civic_server):
    response = httpx.post(f"{civic_server.base('parking')}/health")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json() == {"error": "method not allowed"}


def test_a_domain_port_does_not_answer_for_another_domain(civic_server):
    response = httpx.get(f"{civic_server.base('parking')}/health/permits/")
    assert response.status_code == 404
    assert response.json()["error"] == "not found"


def closed_port() -> int:
    """A local port nothing listens on (free_ports closes its probe sockets)."""
    return free_ports(1)[0]


def unhealthy_listener(db_settings, tmp_path, **env):
    return start_daphne(db_settings, tmp_path, "parking", expect_status=503, **env)


def test_health_is_503_naming_the_database_when_it_is_unreachable(db_settings, tmp_path):
    listener = unhealthy_listener(
        db_settings, tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/civicmind",
    )
    try:
        response = httpx.get(f"{listener.base('parking')}/health", timeout=10)
    finally:
        listener.stop()
    assert response.status_code == 503
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {
        "status": "unhealthy",
        "domain": "parking",
        "port": listener.ports["parking"],
        "checks": {"database": "error", "channel_layer": "ok"},
        "failing": ["database"],
    }


def test_health_stays_200_degraded_naming_the_channel_layer_when_redis_is_unreachable(db_settings, tmp_path):
    # Issue 14 (6): this was 503 on all nine listeners although every call still worked.
    listener = start_daphne(db_settings, tmp_path, "parking", REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    try:
        detailed = httpx.get(f"{listener.base('parking')}/health", timeout=10)
        ready = httpx.get(f"{listener.base('parking')}/health/ready", timeout=10)
        live = httpx.get(f"{listener.base('parking')}/health/live", timeout=10)
        call = httpx.post(listener.mcp_url("parking"), json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                          timeout=10)
    finally:
        listener.stop()
    assert detailed.status_code == 200
    assert detailed.json() == {
        "status": "degraded",
        "domain": "parking",
        "port": listener.ports["parking"],
        "checks": {"database": "ok", "channel_layer": "error"},
        "failing": ["channel_layer"],
    }
    assert (ready.status_code, ready.json()["status"]) == (200, "ready")
    assert (live.status_code, live.json()["status"]) == (200, "alive")
    assert call.status_code == 200 and call.json()["result"]["tools"]  # the listener does answer calls


@pytest.mark.parametrize("domain", [None, *DOMAINS])
def test_liveness_and_readiness_on_every_listener(civic_server, domain):
    port = civic_server.admin_port if domain is None else civic_server.ports[domain]
    live = httpx.get(f"{civic_server.base(domain)}/health/live")
    ready = httpx.get(f"{civic_server.base(domain)}/health/ready")
    assert live.status_code == 200
    assert live.headers["cache-control"] == "no-store"
    assert live.json() == {"status": "alive", "domain": domain or "all", "port": port}
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "domain": domain or "all", "port": port,
                            "checks": {"database": "ok"}}


@pytest.mark.parametrize("path, domain", [
    ("/health/permits/ready", "permits"), ("/health/permits/live/", "permits"), ("/health/ready/", "all"),
])
def test_probes_by_domain_path(civic_server, path, domain):
    response = httpx.get(f"{civic_server.base()}{path}")
    assert response.status_code == 200
    assert response.json()["domain"] == domain


def test_a_domain_port_has_no_probes_for_another_domain(civic_server):
    assert httpx.get(f"{civic_server.base('parking')}/health/permits/ready").status_code == 404


def test_probes_refuse_other_methods(civic_server):
    response = httpx.post(f"{civic_server.base('parking')}/health/ready")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_without_the_database_the_listener_is_alive_but_not_ready(db_settings, tmp_path):
    listener = unhealthy_listener(
        db_settings, tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/civicmind",
    )
    try:
        live = httpx.get(f"{listener.base('parking')}/health/live", timeout=10)
        ready = httpx.get(f"{listener.base('parking')}/health/ready", timeout=10)
    finally:
        listener.stop()
    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready.json() == {"status": "not ready", "domain": "parking", "port": listener.ports["parking"],
                            "checks": {"database": "error"}, "failing": ["database"]}
