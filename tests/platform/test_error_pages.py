"""Issue 12: a logged-in staff user gets Django's own answers outside the admin, not 500s.

The request log read the lazy `request.user` from the event loop (SynchronousOnlyOperation),
so every page the view had not loaded the user for answered 500 — only for a logged-in
user, and only under daphne: these go through the real server.
"""
import json

import httpx
import pytest
from django.contrib.auth import get_user_model

from tests.platform.staff import staff_login


@pytest.fixture
def staff_session(server):
    """An httpx client of the real server with a logged-in superuser's session cookie."""
    yield from staff_login(server, "clerk")


@pytest.mark.parametrize("path", ["/nonexistent/", "/admin/nonexistent/", "/media/nonexistent.png"])
def test_a_missing_page_is_404_for_staff(staff_session, path):
    response = staff_session.get(path)
    assert response.status_code == 404, response.text[:300]
    assert response.headers["X-Request-Id"].startswith("web-")


def test_favicon_is_an_icon(staff_session, server):
    for client in (staff_session, httpx):
        response = client.get(f"{server.base()}/favicon.ico")
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")


def test_view_site_leads_to_the_landing_page_listing_the_listeners(staff_session, server):
    index = staff_session.get("/admin/")
    assert '<a href="/">View site</a>' in index.text
    landing = staff_session.get("/")
    assert landing.status_code == 200
    assert landing.headers["content-type"].startswith("text/html")
    assert f"http://127.0.0.1:{server.admin_port}/mcp" in landing.text
    for domain, port in server.ports.items():
        assert f"http://127.0.0.1:{port}/mcp" in landing.text
        assert f"/mcp/{domain}/" in landing.text
    assert httpx.get(f"{server.base()}/").status_code == 200  # anonymous too: nothing private on it


def test_metrics_answers_staff(staff_session):
    response = staff_session.get("/metrics")
    assert response.status_code == 200
    assert "django_http_requests" in response.text


def test_an_admin_post_without_csrf_token_is_403(staff_session):
    response = staff_session.post("/admin/auth/user/", data={"action": "delete_selected", "_selected_action": "1"})
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert get_user_model().objects.count() == 1  # nothing deleted


def test_anonymous_answers_are_unchanged(server):
    assert httpx.get(f"{server.base()}/nonexistent/").status_code == 404
    refused = httpx.post(f"{server.base()}/admin/auth/user/", data={"action": "delete_selected"})
    assert refused.status_code == 403


def test_the_request_log_names_the_staff_user(staff_session, server):
    request_id = staff_session.get("/nonexistent/").headers["X-Request-Id"]
    records = [json.loads(line) for line in server.log().splitlines() if request_id in line]
    logged = [record for record in records if record.get("event") == "http.request"]
    assert [(r["path"], r["status"], r["user"]) for r in logged] == [("/nonexistent/", 404, "clerk")]
