"""The shared test harness itself: skips a full run refuses, the Redis finder, servers that
survive a port taken between probe and bind, a change-list check that reads the rows."""
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection

import tests.servers as servers
from tests.helpers.admin import changelist_get
from tests.helpers.redis import NO_REDIS, redis_url_required
from tests.servers import BASE_DIR

SKIPPING_TESTS = '''
import pytest

def test_runs():
    pass

def test_skips_for_no_reason():
    pytest.skip("not yet")

@pytest.mark.nginx
def test_skips_without_nginx():
    pytest.skip("nginx is not installed")
'''
SKIPPING_CONFTEST = '''
from tests.helpers.skips import pytest_collectreport, pytest_runtest_logreport, pytest_sessionfinish, pytest_terminal_summary

def pytest_configure(config):
    config.addinivalue_line("markers", "nginx: may skip")
'''


def run_pytest(directory, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("CIVICMIND_TESTS_NO_SKIPS", "PYTEST_ADDOPTS")}
    environment.update(env, PYTHONPATH=str(BASE_DIR))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:django", "-p", "no:cacheprovider", "-q", "-rs",
                           "--rootdir", str(directory), str(directory)], cwd=directory, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def skipping_suite(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "conftest.py").write_text(SKIPPING_CONFTEST)
    (tmp_path / "test_some.py").write_text(SKIPPING_TESTS)
    return tmp_path


def test_an_undeclared_skip_fails_a_run_that_must_run_everything(skipping_suite):
    run = run_pytest(skipping_suite, CIVICMIND_TESTS_NO_SKIPS="1")
    assert run.returncode == 1, run.stdout
    assert "test_some.py::test_skips_for_no_reason: not yet" in run.stdout
    assert "test_skips_without_nginx:" not in run.stdout.split("skips not allowed")[1]
    assert "1 skipped test(s) fail this run; only tests marked sqlite_only" in run.stdout


def test_skips_only_report_their_reasons_elsewhere(skipping_suite):
    run = run_pytest(skipping_suite)
    assert run.returncode == 0, run.stdout
    assert "SKIPPED [1] test_some.py:8: not yet" in run.stdout
    assert "skips not allowed" not in run.stdout


def test_redis_is_found_one_way(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(pytest.skip.Exception, match=re.escape(NO_REDIS)):
        redis_url_required()
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{servers.free_ports(1)[0]}/0")  # set, nobody there
    with pytest.raises(pytest.fail.Exception, match="is set but Redis does not answer"):
        redis_url_required()


def test_free_ports_are_distinct_and_outside_the_kernels_ephemeral_range():
    ports = servers.free_ports(9)
    assert len(set(ports)) == 9
    assert all(servers.PORT_RANGE[0] <= port < servers._ephemeral_floor() for port in ports)


class Impostor(BaseHTTPRequestHandler):
    """Another process's server on the port we probed: it answers /health 200 too."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_a_server_whose_port_was_taken_starts_again_elsewhere(transactional_db, tmp_path, monkeypatch):
    impostor = HTTPServer(("127.0.0.1", 0), Impostor)
    threading.Thread(target=impostor.serve_forever, daemon=True).start()
    taken = impostor.server_address[1]
    real_free_ports, handed = servers.free_ports, []

    def racing_free_ports(count):
        ports = real_free_ports(count)
        if not handed:
            ports[-1] = taken  # the listener's port was grabbed between probe and bind
        handed.append(ports)
        return ports

    monkeypatch.setattr(servers, "free_ports", racing_free_ports)
    try:
        listener = servers.start_daphne(dict(connection.settings_dict), tmp_path, "noise")
    finally:
        impostor.shutdown()
        impostor.server_close()
    try:
        assert len(handed) == 2  # the first start lost its port and was retried
        assert listener.ports["noise"] == handed[1][-1] != taken
        assert servers.listens(listener.process.pid, listener.ports["noise"])
    finally:
        listener.stop()


def test_a_change_list_with_no_rows_is_not_a_pass(admin_client):
    with pytest.raises(AssertionError, match="the parking.citation change list shows no rows"):
        changelist_get(admin_client, "parking.citation")
