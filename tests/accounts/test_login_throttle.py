"""The admin sign-in throttle (issue 11, item 6: 50 wrong passwords, then in).

Exact messages, per username and per address, the window, the lockout's end, that the
correct password is refused while locked; and the same through a real server over HTTP.
"""
import datetime as dt
import re

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.accounts.login_throttle import (
    LOCKED_MESSAGE,
    login_failure_record,
    login_lockout_get,
    login_throttle_reset,
    wait_text,
)
from apps.accounts.models import LoginThrottle

PASSWORD = "a long clerk password"
INVALID = "Please enter the correct username and password for a staff account."


@pytest.fixture
def limits(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CIVICMIND_LOGIN_MAX_FAILURES_PER_USER = 3
    settings.CIVICMIND_LOGIN_MAX_FAILURES_PER_ADDRESS = 5
    settings.CIVICMIND_LOGIN_FAILURE_WINDOW_SECONDS = 600
    settings.CIVICMIND_LOGIN_LOCKOUT_SECONDS = 900
    return settings


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_superuser("clerk", "clerk@city.example", PASSWORD)


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address)


def locked_text(minutes=15):
    return LOCKED_MESSAGE.format(wait=f"{minutes} minutes")


def test_wait_text():
    assert [wait_text(s) for s in (1, 45, 60, 61, 900)] == ["1 second", "45 seconds", "1 minute", "2 minutes",
                                                            "15 minutes"]


def test_a_username_is_locked_after_its_failures_and_the_right_password_is_refused(client, limits, clerk):
    for _ in range(2):
        response = sign_in(client, "clerk", "wrong")
        assert response.status_code == 200 and INVALID in response.text
    third = sign_in(client, "clerk", "wrong")
    assert locked_text() in third.text  # the failure that locks says so at once
    right = sign_in(client, "clerk", PASSWORD, address="198.51.100.99")  # another address: the account is locked
    assert right.status_code == 200
    assert locked_text() in right.text
    assert "_auth_user_id" not in client.session
    row = LoginThrottle.objects.get(scope="username", key="clerk")
    assert row.locked_until > timezone.now() + dt.timedelta(seconds=890)


def test_the_username_counts_case_folded(client, limits, clerk):
    for name in ("clerk", "CLERK", "Clerk"):
        sign_in(client, name, "wrong")
    assert locked_text() in sign_in(client, "clerk", PASSWORD).text


def test_an_address_is_locked_across_usernames(client, limits, clerk):
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", address="2001:db8:5:6::1")
    refused = sign_in(client, "clerk", PASSWORD, address="2001:db8:5:6::beef")  # same /64
    assert locked_text() in refused.text and "_auth_user_id" not in client.session
    allowed = sign_in(client, "clerk", PASSWORD, address="2001:db8:5:7::1")  # another /64
    assert allowed.status_code == 302 and allowed["location"] == "/admin/"


def test_the_lockout_ends_and_counting_starts_over(client, limits, clerk):
    for _ in range(3):
        sign_in(client, "clerk", "wrong")
    LoginThrottle.objects.filter(scope="username").update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert login_lockout_get(username="clerk", address=None) is None
    assert sign_in(client, "clerk", PASSWORD).status_code == 302


def test_failures_outside_the_window_are_forgotten(client, limits, clerk):
    for _ in range(2):
        sign_in(client, "clerk", "wrong")
    LoginThrottle.objects.update(window_started_at=timezone.now() - dt.timedelta(seconds=601))
    assert INVALID in sign_in(client, "clerk", "wrong").text  # 1 in the new window, not 3
    assert LoginThrottle.objects.get(scope="username").failures == 1


def test_success_clears_the_usernames_failures_but_not_the_addresss(client, limits, clerk):
    for _ in range(2):
        sign_in(client, "clerk", "wrong")
    assert sign_in(client, "clerk", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(scope="username").exists()
    assert LoginThrottle.objects.get(scope="address", key="203.0.113.7").failures == 2


def test_a_limit_of_zero_turns_it_off(client, limits, clerk):
    limits.CIVICMIND_LOGIN_MAX_FAILURES_PER_USER = 0
    limits.CIVICMIND_LOGIN_MAX_FAILURES_PER_ADDRESS = 0
    for _ in range(10):
        sign_in(client, "clerk", "wrong")
    assert not LoginThrottle.objects.exists()
    assert sign_in(client, "clerk", PASSWORD).status_code == 302


def test_reset_lifts_a_lockout(limits, clerk):
    for _ in range(3):
        login_failure_record(username="clerk", address="203.0.113.7")
    assert login_lockout_get(username="clerk", address=None).retry_after == 900
    assert login_throttle_reset(username="Clerk", address="203.0.113.7") == 2
    assert login_lockout_get(username="clerk", address="203.0.113.7") is None


def test_stale_rows_of_guessed_usernames_are_dropped(limits, db):
    login_failure_record(username="nobody-1", address=None)
    LoginThrottle.objects.update(last_failure_at=timezone.now() - dt.timedelta(seconds=601))
    login_failure_record(username="nobody-2", address=None)
    assert list(LoginThrottle.objects.values_list("key", flat=True)) == ["nobody-2"]


def http_sign_in(browser, base, username, password):
    page = browser.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.post("/admin/login/?next=/admin/", data={
        "csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"},
        headers={"Referer": f"{base}/admin/login/"})


def test_fifty_wrong_passwords_then_the_right_one_is_refused_through_the_server(server):
    """The issue's repro over real HTTP, on the server's default limits (5 per username)."""
    get_user_model().objects.create_superuser("clerk", "clerk@city.example", PASSWORD)
    base = server.base()
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as browser:
        texts = [http_sign_in(browser, base, "clerk", f"guess-{n}").text for n in range(50)]
        assert all(INVALID in text for text in texts[:4])
        assert all(locked_text() in text or locked_text(14) in text for text in texts[4:])
        right = http_sign_in(browser, base, "clerk", PASSWORD)
        assert right.status_code == 200
        assert "Sign-in is locked for" in right.text and "even the correct password is refused" in right.text
        assert browser.get("/admin/").status_code == 302  # still signed out: back to the login page
    assert LoginThrottle.objects.get(scope="username", key="clerk").locked_until > timezone.now()


def test_the_address_lock_holds_across_processes_through_the_server(server):
    """20 failures from one address (default), then another account's correct password is refused."""
    get_user_model().objects.create_superuser("clerk", "clerk@city.example", PASSWORD)
    base = server.base()
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as browser:
        for n in range(20):
            http_sign_in(browser, base, f"guess-{n}", "wrong")
        refused = http_sign_in(browser, base, "clerk", PASSWORD)
        assert "Sign-in is locked for" in refused.text
    # The server process wrote the lock where this process reads it: the database.
    assert login_lockout_get(username="clerk", address="127.0.0.1") is not None


def test_login_unlock_command(limits, clerk, capsys):
    from django.core.management import CommandError, call_command

    for _ in range(3):
        login_failure_record(username="clerk", address="203.0.113.7")
    call_command("login_unlock", username="clerk")
    assert capsys.readouterr().out == "Cleared 1 sign-in throttle record.\n"
    assert login_lockout_get(username="clerk", address=None) is None
    with pytest.raises(CommandError, match="Give --username, --address or both."):
        call_command("login_unlock")


def test_concurrent_failures_are_each_counted(limits, transactional_db):
    """Processes and threads share the rows: simultaneous failures lose no count."""
    import threading

    from django.db import connection

    limits.CIVICMIND_LOGIN_MAX_FAILURES_PER_USER = 100
    limits.CIVICMIND_LOGIN_MAX_FAILURES_PER_ADDRESS = 100
    start = threading.Barrier(8)

    def fail():
        try:
            start.wait()
            login_failure_record(username="clerk", address="203.0.113.7")
        finally:
            connection.close()

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(LoginThrottle.objects.values_list("scope", "failures")) == [("address", 8), ("username", 8)]
