"""The ways to serve: one daphne per listener, `serve --workers N`, `runserver`, and the
refusal to serve on the development secret key with DEBUG off."""
import subprocess
import sys
import time

import httpx
import pytest

from django.core.exceptions import ImproperlyConfigured

from civicmind.checks import (
    INSECURE_SECRET_KEY_MESSAGE,
    WEAK_SECRET_KEY_MESSAGE,
    refuse_insecure_serving,
    secret_key_problem,
)
from civicmind.settings import DEVELOPMENT_SECRET_KEY
from tests.servers import BASE_DIR, TEST_SECRET_KEY, free_ports, server_env, start_daphne, start_serve

PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
MCP_HEADERS = {"accept": "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18"}


def answering_pid(response: httpx.Response) -> str:
    """The daphne process that answered: x-request-id is <process tag>-<pid>-<counter>."""
    return response.headers["x-request-id"].rsplit("-", 1)[0]


def test_one_daphne_process_answers_for_its_domain_by_port(db_settings, tmp_path):
    listener = start_daphne(db_settings, tmp_path, "permits")
    try:
        base = listener.base("permits")
        health = httpx.get(f"{base}/health")
        ping = httpx.post(f"{base}/mcp", json=PING, headers=MCP_HEADERS)
        other_domain = httpx.get(f"{base}/health/parking/")
        admin = httpx.get(f"{base}/admin/login/")
    finally:
        listener.stop()
    assert health.status_code == 200
    assert health.json()["domain"] == "permits"
    assert health.json()["port"] == listener.ports["permits"]
    assert ping.status_code == 200
    assert ping.json() == {"jsonrpc": "2.0", "id": 1, "result": {}}
    assert other_domain.status_code == 404
    assert admin.status_code == 404  # the admin lives on the admin port only


def test_serve_with_two_workers_shares_every_socket(db_settings, tmp_path, redis_url):
    server = start_serve(db_settings, tmp_path, workers=2, REDIS_URL=redis_url)
    try:
        pids = set()
        with httpx.Client(headers=MCP_HEADERS) as client:
            deadline = time.monotonic() + 30
            while len(pids) < 2 and time.monotonic() < deadline:
                # A fresh connection each time, so the kernel hands it to either process.
                response = client.post(f"{server.base('parking')}/mcp", json=PING,
                                       headers={"connection": "close"})
                assert response.status_code == 200
                pids.add(answering_pid(response))
        health = httpx.get(f"{server.base('zoning')}/health")
    finally:
        server.stop()
    assert len(pids) == 2, server.log()
    assert health.json()["checks"] == {"database": "ok", "channel_layer": "ok"}


def test_serve_refuses_several_workers_without_redis(db_settings, tmp_path):
    env = server_env(db_settings, *free_ports(1), {})
    env.pop("REDIS_URL", None)
    result = subprocess.run([sys.executable, "manage.py", "serve", "--workers", "2"], cwd=BASE_DIR,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert ("--workers > 1 needs REDIS_URL: the in-memory channel layer cannot carry events "
            "between processes.") in result.stderr


def test_runserver_serves_health_by_path_and_the_admin(db_settings, tmp_path):
    port, admin_port = free_ports(2)
    env = server_env(db_settings, admin_port, {}, DEBUG="true")
    log_path = tmp_path / "runserver.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                   cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        health = wait_for(f"http://127.0.0.1:{port}/health/parking/", process, log_path)
        login = httpx.get(f"http://127.0.0.1:{port}/admin/login/")
        static = httpx.get(f"http://127.0.0.1:{port}/static/admin/css/base.css")
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert health.status_code == 200
    assert health.json()["domain"] == "parking"
    assert health.json()["port"] == port
    assert login.status_code == 200
    assert "CivicMind" in login.text
    assert static.status_code == 200


def test_the_admin_port_serves_the_admin_stylesheet_with_debug_off(civic_server):
    response = httpx.get(f"{civic_server.base()}/static/admin/css/base.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert httpx.get(f"{civic_server.base('parking')}/static/admin/css/base.css").status_code == 404


def wait_for(url: str, process: subprocess.Popen, log_path, timeout: float = 60) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            return httpx.get(url, timeout=10)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered:\n{log_path.read_text()}")


def test_serve_refuses_the_development_secret_key_with_debug_off(db_settings):
    result = subprocess.run([sys.executable, "manage.py", "serve"], cwd=BASE_DIR,
                            env=insecure_env(db_settings), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"CommandError: {INSECURE_SECRET_KEY_MESSAGE}" in result.stderr


def test_daphne_refuses_the_development_secret_key_with_debug_off(db_settings):
    port = free_ports(1)[0]
    result = subprocess.run([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                             "civicmind.asgi:application"], cwd=BASE_DIR, env=insecure_env(db_settings),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {INSECURE_SECRET_KEY_MESSAGE}" in result.stderr


@pytest.mark.parametrize("debug, secret_key, problem", [
    (False, DEVELOPMENT_SECRET_KEY, INSECURE_SECRET_KEY_MESSAGE),
    (False, "changeme", WEAK_SECRET_KEY_MESSAGE),
    (False, "a" * 60, WEAK_SECRET_KEY_MESSAGE),                     # long but 1 distinct character
    (False, "django-insecure-" + TEST_SECRET_KEY, WEAK_SECRET_KEY_MESSAGE),
    (False, TEST_SECRET_KEY, None),
    (True, DEVELOPMENT_SECRET_KEY, None),                           # development may use it
])
def test_which_secret_keys_may_be_served(settings, debug, secret_key, problem):
    settings.DEBUG = debug
    settings.SECRET_KEY = secret_key
    assert secret_key_problem() == problem
    if problem:
        with pytest.raises(ImproperlyConfigured) as raised:
            refuse_insecure_serving()
        assert str(raised.value) == problem
    else:
        refuse_insecure_serving()


def insecure_env(db_settings) -> dict:
    """A server environment with DEBUG off and no SECRET_KEY: the development key."""
    env = server_env(db_settings, free_ports(1)[0], {}, DEBUG="false")
    env.pop("SECRET_KEY")
    return env


def test_behind_a_tls_proxy_the_admin_redirects_plain_http_and_sends_hsts(db_settings, tmp_path):
    """The compose listener command with CIVICMIND_HTTPS=true, as nginx forwards to it."""
    port = free_ports(1)[0]
    env = server_env(db_settings, port, {}, CIVICMIND_HTTPS="true")
    log_path = tmp_path / "daphne.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                                    "--proxy-headers", "civicmind.asgi:application"],
                                   cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process, log_path)
        plain = httpx.get(f"http://127.0.0.1:{port}/admin/login/")
        via_tls = httpx.get(f"http://127.0.0.1:{port}/admin/login/",
                            headers={"x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https"})
        health = httpx.get(f"http://127.0.0.1:{port}/health")
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert plain.status_code == 301
    assert plain.headers["location"] == f"https://127.0.0.1:{port}/admin/login/"
    assert via_tls.status_code == 200
    assert via_tls.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert "secure" in via_tls.headers["set-cookie"].lower()
    assert health.status_code == 200  # container healthchecks speak plain HTTP to the listener
