"""Health on every listener of a real `serve` process."""
import httpx
import pytest

from civicmind.domains import DOMAINS


@pytest.mark.parametrize("domain", [None, *DOMAINS])
def test_health_is_healthy_on_every_listener(server, domain):
    response = httpx.get(f"{server.base(domain)}/health")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "healthy",
        "domain": domain or "all",
        "port": server.admin_port if domain is None else server.ports[domain],
        "checks": {"database": "ok", "channel_layer": "ok"},
    }


def test_health_by_path_names_the_domain(server):
    body = httpx.get(f"{server.base()}/health/permits/").json()
    assert body["domain"] == "permits"
    assert body["port"] == server.admin_port


def test_admin_is_not_served_on_domain_ports(server):
    response = httpx.get(f"{server.base('parking')}/admin/")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"


def test_admin_is_served_on_admin_port(server):
    response = httpx.get(f"{server.base()}/admin/login/")
    assert response.status_code == 200
    assert "CivicMind" in response.text
