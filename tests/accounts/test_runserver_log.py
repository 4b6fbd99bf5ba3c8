"""`manage.py runserver` prints each request once (it printed every request line twice).

Django's default logging gives the "django" logger a console handler of its own (when DEBUG
is on), and daphne's runserver logs requests on "django.channels.server" below it: each line
went to that handler and again to the root's. The real runserver is started and asked once.
"""
import subprocess
import sys
import time

import httpx
import pytest
from django.db import connection

from tests.servers import BASE_DIR, free_ports, server_env


@pytest.mark.django_db(transaction=True)
def test_runserver_prints_each_request_once(tmp_path):
    [port] = free_ports(1)
    env = server_env(dict(connection.settings_dict), 8000, {}, DEBUG="true", CIVICMIND_LOG_FORMAT="plain")
    log = tmp_path / "runserver.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                   cwd=BASE_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health/live?probe=once", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        assert response.status_code == 200
        time.sleep(1.0)  # the access line is written after the response
    finally:
        process.terminate()
        process.wait(timeout=15)
    lines = [line for line in log.read_text().splitlines() if "/health/live" in line]
    assert len(lines) == 1, lines
