"""Log a staff user into the real server's admin over HTTP, the way a browser does.

The server signs sessions with its own SECRET_KEY, so a session made in the test process
(force_login) would not be accepted: the login form is posted instead.
"""
import re

import httpx
from django.contrib.auth import get_user_model

PASSWORD = "a long clerk password"


def staff_login(server, username: str, *, superuser: bool = True, permissions=()):
    """Yield an httpx client of `server` logged in as a new staff user."""
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@city.example", PASSWORD)
    else:
        user = User.objects.create_user(username, f"{username}@city.example", PASSWORD, is_staff=True)
        if permissions:
            from django.contrib.auth.models import Permission

            for label in permissions:
                app_label, codename = label.split(".")
                user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                                 codename=codename))
    with httpx.Client(base_url=server.base(), follow_redirects=False) as client:
        page = client.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = client.post("/admin/login/?next=/admin/", data={
            "csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": "/admin/"},
            headers={"Referer": f"{server.base()}/admin/login/"})
        assert response.status_code == 302, response.text[:500]
        yield client
