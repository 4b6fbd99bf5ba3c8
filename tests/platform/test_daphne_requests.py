"""daphne's requests skip Twisted's form parsing, and form posts still reach Django intact."""
import re

import httpx
from django.contrib.auth import get_user_model

from civicmind.daphne_requests import FLAG, skip_form_parsing


def test_daphne_requests_are_made_without_form_parsing():
    from daphne.http_protocol import WebRequest
    from twisted.web.test.requesthelper import DummyChannel

    assert skip_form_parsing() is True  # this Twisted has the opt-out (the asgi module applied it)
    assert skip_form_parsing() is True  # applying twice wraps once
    channel = DummyChannel()
    channel.factory = type("Factory", (), {"server": type("Server", (), {"protocol_connected": lambda *a: None})()})()
    request = WebRequest(channel)
    assert getattr(request, FLAG) is False


def test_an_admin_login_form_posted_over_http_signs_in(server):
    """The form body arrives whole although Twisted no longer parses it (Django does)."""
    get_user_model().objects.create_superuser("clerk", "clerk@city.example", "a long clerk password")
    with httpx.Client(base_url=server.base(), follow_redirects=False) as browser:
        page = browser.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = browser.post("/admin/login/?next=/admin/", data={
            "csrfmiddlewaretoken": token, "username": "clerk", "password": "a long clerk password",
            "next": "/admin/"}, headers={"Referer": f"{server.base()}/admin/login/"})
        assert response.status_code == 302, response.text[:500]
        assert response.headers["location"] == "/admin/"
        assert browser.get("/admin/").status_code == 200
