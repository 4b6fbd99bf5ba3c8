"""Issue 14, items 6 and 7: the database fails mid-run under a steady load of writes.

A private PostgreSQL (tests.faults.PrivatePostgres, never the shared server) with the
demo city, and a real `serve` using it; three clients report incidents back to back,
each with its own idempotency key, while the test stops PostgreSQL (immediate shutdown,
then a restart), freezes it (SIGSTOP), or terminates the server's backends. What each
fault may cost the callers is a clean retryable answer (HTTP 503, Retry-After) or, for a
terminated connection, a tool error; what it may never cost is an acknowledged write, or
the audit row of one (the audit spool keeps rows until the database takes them).
"""
import os
import subprocess
import sys
import time

import psycopg
import pytest

from tests.fault_suite.load import SteadyLoad, call_tool
from tests.faults import PrivatePostgres
from tests.servers import BASE_DIR, TEST_SECRET_KEY, start_serve

FAULT_SECONDS = 2.0
RECOVERY_LIMIT_SECONDS = 10.0  # connect timeout 2 s + a restarted cluster's own start


@pytest.fixture(scope="module")
def city_database():
    """A private cluster holding the migrated demo city."""
    server = PrivatePostgres()
    server.start()
    env = {**os.environ, "DATABASE_URL": server.url(), "SECRET_KEY": TEST_SECRET_KEY,
           "DJANGO_SETTINGS_MODULE": "civicmind.settings"}
    env.pop("REDIS_URL", None)
    for command in (["migrate", "-v", "0"], ["loaddata", "demo", "-v", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, timeout=180)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def city_server(city_database, django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        from django.db import connection

        db_settings = dict(connection.settings_dict)
    server = start_serve(db_settings, tmp_path_factory.mktemp("dbfaults"), workers=1,
                         DATABASE_URL=city_database.url(), REDIS_URL="", DB_CONNECT_TIMEOUT=2,
                         DB_STATEMENT_TIMEOUT_MS=1000, CIVICMIND_DB_DEADLINE_SECONDS=3,
                         CIVICMIND_RATE_LIMIT_EXEMPT="127.0.0.1")
    yield server
    server.stop()


def query(database: PrivatePostgres, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(database.url(), connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


def reporter(server, tag: str):
    url = server.mcp_url("safety")

    def report(n: int):
        return call_tool(url, "report_incident", {"incident_type": "medical", "location": "123 Main St",
                                                  "description": f"Fall, caller {n}",
                                                  "idempotency_key": f"{tag}-key-{n:05d}"}, timeout=15)
    return report


def assert_nothing_acknowledged_was_lost(load: SteadyLoad, database: PrivatePostgres, entry, tag: str) -> None:
    for _, _, reply in load.replies:
        entry.add(reply.outcome)
    acknowledged = {reply.result["structuredContent"]["reference"] for _, _, reply in load.replies if reply.ok}
    stored = {row[0] for row in query(database, "SELECT reference FROM safety_incident WHERE reference = ANY(%s)",
                                      (list(acknowledged),))}
    missing = acknowledged - stored
    entry.lost += len(missing)
    keys = {f"{tag}-key-{n:05d}" for _, n, reply in load.replies if reply.ok}
    deadline, audited = time.monotonic() + 20, set()
    while time.monotonic() < deadline and not keys <= audited:
        audited = {row[0] for row in query(database, "SELECT arguments->>'idempotency_key' FROM accounts_auditentry "
                                                     "WHERE tool = 'report_incident'")}
        time.sleep(0.5)
    entry.notes.append(f"{len(acknowledged)} acknowledged writes, {len(keys - audited)} without an audit row")
    bad = [reply for _, _, reply in load.replies if reply.outcome == "bad"]
    assert not bad, bad[:3]
    assert acknowledged and not missing, missing
    assert keys <= audited, sorted(keys - audited)[:5]


def run_fault(server, database, figures, name: str, tag: str, inject, restore) -> None:
    entry = figures.record(name)
    with SteadyLoad(reporter(server, tag), threads=3) as load:
        time.sleep(1.0)
        inject()
        time.sleep(FAULT_SECONDS)
        restored_at = time.monotonic()
        restore()
        entry.recovery_seconds = load.wait_for_ok_after(restored_at, RECOVERY_LIMIT_SECONDS)
        time.sleep(0.5)
    during = [reply for at, _, reply in load.replies if at < restored_at]
    entry.notes.append(f"{sum(r.outcome == 'clean' for r in during)} clean 503s while down")
    assert_nothing_acknowledged_was_lost(load, database, entry, tag)
    assert entry.recovery_seconds is not None, "no write succeeded after the database came back"
    return entry


def test_postgres_stopped_and_restarted_mid_run(city_server, city_database, figures):
    entry = run_fault(city_server, city_database, figures, "stop PostgreSQL 2 s (immediate shutdown)", "stop",
                      city_database.halt, city_database.start)
    assert entry.clean_errors > 0  # the outage was seen, and answered cleanly


def test_postgres_frozen_mid_run(city_server, city_database, figures):
    entry = run_fault(city_server, city_database, figures, "freeze PostgreSQL 2 s (SIGSTOP)", "freeze",
                      city_database.freeze, city_database.thaw)
    assert entry.recovery_seconds < 5


def test_server_backends_terminated_mid_run(city_server, city_database, figures):
    def terminate():
        query(city_database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = 'postgres' AND pid <> pg_backend_pid() AND backend_type = 'client backend'")

    entry = run_fault(city_server, city_database, figures, "pg_terminate_backend of the server's sessions",
                      "terminate", terminate, lambda: None)
    assert entry.recovery_seconds < 5
