"""GET /health on real listeners: healthy on all nine, 503 naming what cannot be reached.

These only read, so they use the session server without a per-test table flush.
"""
import httpx
import pytest
from django.db import connection

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


@pytest.fixture
def db_settings(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return dict(connection.settings_dict)


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


def test_health_is_503_naming_the_channel_layer_when_redis_is_unreachable(db_settings, tmp_path):
    listener = unhealthy_listener(db_settings, tmp_path, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    try:
        response = httpx.get(f"{listener.base('parking')}/health", timeout=10)
    finally:
        listener.stop()
    assert response.status_code == 503
    assert response.json() == {
        "status": "unhealthy",
        "domain": "parking",
        "port": listener.ports["parking"],
        "checks": {"database": "ok", "channel_layer": "error"},
        "failing": ["channel_layer"],
    }
