"""End to end over a real SMTP server: two worker processes, one email per change, a working unsubscribe."""
import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from apps.notifications.models import NotificationOptOut, ResidentNotification
from tests.permits.helpers import advance
from tests.servers import BASE_DIR, database_url

PUBLIC_URL = "http://city.example:8000"


def worker_env(smtp_port: int) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "civicmind.settings", "SECRET_KEY": settings.SECRET_KEY,
            "DATABASE_URL": database_url(connection.settings_dict), "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port), "EMAIL_TIMEOUT": "5", "CIVICMIND_PUBLIC_URL": PUBLIC_URL,
            "CIVICMIND_LOG_FORMAT": "plain", "PYTHONUNBUFFERED": "1"}


def run_workers(smtp_port: int, *argvs: list[str]) -> None:
    """Start one `notify_residents` per argv at the same time; all must succeed."""
    processes = [subprocess.Popen([sys.executable, "manage.py", "notify_residents", *argv], cwd=BASE_DIR,
                                  env=worker_env(smtp_port), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                 for argv in argvs]
    outputs = [process.communicate(timeout=120)[0].decode(errors="replace") for process in processes]
    assert [process.returncode for process in processes] == [0] * len(processes), outputs


@pytest.mark.timeout(300)
def test_two_workers_send_each_change_once_and_the_unsubscribe_link_works(transactional_db, smtp_server,
                                                                          deck_application, client):
    ref = deck_application.reference
    application = advance(deck_application, "in_review", "approved")

    run_workers(smtp_server.port, ["--once"], ["--once"])
    run_workers(smtp_server.port, ["--once"], ["--once"])  # and again: nothing is left to send

    assert [(m.to, m.message["Subject"]) for m in smtp_server.messages] == [
        (["jane.doe@example.com"], f"Permit {ref}: in review"),
        (["jane.doe@example.com"], f"Permit {ref}: approved"),
    ]
    approved = smtp_server.messages[1]
    assert (f"Your permit application {ref} is now approved (it was in review). "
            "The decision is made: your application is approved.") in approved.body
    assert f"Tracking reference: {ref}" in approved.body
    assert f"track_status with reference {ref}" in approved.body
    link = str(approved.message["List-Unsubscribe"]).strip().strip("<>")
    assert link.startswith(f"{PUBLIC_URL}/notifications/unsubscribe/") and link in approved.body
    assert approved.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(ResidentNotification.objects.values_list("status", "attempts")) == {("sent", 1)}

    path = urlsplit(link).path
    assert client.get(path).status_code == 200  # a link scanner's GET unsubscribes no one
    assert not NotificationOptOut.objects.exists()
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert list(NotificationOptOut.objects.values_list("email", "domain", "reference")) == [
        ("jane.doe@example.com", "permits", ref)]

    advance(application, "issued")
    run_workers(smtp_server.port, ["--once"], ["--every", "0.2", "--once"])
    assert len(smtp_server.messages) == 2
    assert ResidentNotification.objects.count() == 2
