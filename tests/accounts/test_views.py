"""GET /metrics: the exposition, optionally behind a bearer token."""
import pytest

pytestmark = pytest.mark.django_db


def test_metrics_are_open_without_a_token(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    body = response.content.decode()
    assert "# TYPE mcp_requests_total counter" in body
    assert "# TYPE mcp_request_duration_seconds histogram" in body
    assert "# TYPE mcp_active_websockets gauge" in body
    assert "# TYPE events_published_total counter" in body
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_metrics_need_the_token_when_one_is_set(client, settings):
    settings.CIVICMIND_METRICS_TOKEN = "scrape-secret-0123456789"
    refused = client.get("/metrics")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert "mcp_requests_total" not in refused.content.decode()
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    allowed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret-0123456789")
    assert allowed.status_code == 200


def test_metrics_take_get_only(client):
    assert client.post("/metrics").status_code == 405
