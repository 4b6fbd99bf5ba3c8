"""The audit spool under `serve`: every buffered row is on disk until the database has it.

The end-to-end proof (kill -9 after 30 calls, 30 rows after recovery) is in
test_supervisor.py; these tests pin down the file protocol behind it.
"""
import json
import subprocess
import sys

import pytest
from django.db import OperationalError

from apps.accounts import audit
from apps.accounts.audit import audit_spool_recover, audit_writer
from apps.accounts.audit_spool import SPOOL_DIR_ENV
from apps.accounts.models import AuditEntry, AuditQuarantine
from tests.accounts.conftest import build_levels_registry, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def spool_dir(tmp_path, monkeypatch):
    """Record as a worker of `serve` does: with CIVICMIND_AUDIT_SPOOL_DIR set."""
    monkeypatch.setenv(SPOOL_DIR_ENV, str(tmp_path))
    audit_writer.discard()
    audit_writer._spool_pid = None  # read the environment again
    yield tmp_path
    audit_writer.discard()
    monkeypatch.delenv(SPOOL_DIR_ENV, raising=False)
    audit_writer._spool_pid = None


@pytest.fixture
def tool():
    return build_levels_registry().tools[("parking", "look_up")]


def spooled(directory) -> list[dict]:
    return [json.loads(line) for path in sorted(directory.glob("*.jsonl")) for line in path.read_text().splitlines()]


def test_each_recorded_row_is_spooled_redacted_before_any_flush(spool_dir, tool):
    for n in range(3):
        audit_writer.record(make_call(), tool, {"n": n, "password": "hunter2"}, "success", "", 0.001)
    rows = spooled(spool_dir)
    assert [row["arguments"] for row in rows] == [{"n": n, "password": "[redacted]"} for n in range(3)]
    assert {row["tool"] for row in rows} == {"look_up"}
    assert AuditEntry.objects.count() == 0


def test_a_flush_writes_the_rows_and_deletes_their_spool(spool_dir, tool):
    for n in range(3):
        audit_writer.record(make_call(), tool, {"n": n}, "success", "", 0.001)
    assert audit_writer.flush() == 3
    assert AuditEntry.objects.count() == 3
    assert list(spool_dir.iterdir()) == []


def test_a_failed_flush_keeps_the_spool_and_the_next_one_releases_it(spool_dir, tool, monkeypatch):
    audit_writer.record(make_call(), tool, {"n": 1}, "success", "", 0.001)

    def broken(**kwargs):
        raise OperationalError("database down")

    with monkeypatch.context() as patched:
        patched.setattr(audit, "audit_entries_record", broken)
        with pytest.raises(OperationalError):
            audit_writer.flush()
    audit_writer.record(make_call(), tool, {"n": 2}, "success", "", 0.001)
    assert [row["arguments"]["n"] for row in spooled(spool_dir)] == [1, 2]
    assert audit_writer.flush() == 2
    assert list(spool_dir.iterdir()) == []


def test_recovery_inserts_a_dead_process_rows_and_skips_a_cut_last_line(spool_dir, tool):
    for n in range(4):
        audit_writer.record(make_call(), tool, {"n": n}, "success", "", 0.001)
    pid = audit_writer.spool.pid
    (path,) = spool_dir.glob(f"{pid}-*.jsonl")
    with open(path, "a") as spool:
        spool.write('{"created_at": "2026-')  # the kill came mid-write
    audit_writer.discard()  # the process is gone: its memory with it
    audit_writer._spool_pid = None

    assert audit_spool_recover(directory=spool_dir, pid=pid) == 4
    assert sorted(AuditEntry.objects.values_list("arguments__n", flat=True)) == [0, 1, 2, 3]
    assert list(spool_dir.iterdir()) == []
    assert audit_spool_recover(directory=spool_dir, pid=pid) == 0  # nothing twice


def test_recovery_keeps_the_file_while_the_database_is_down(spool_dir, tool, monkeypatch):
    audit_writer.record(make_call(), tool, {"n": 1}, "success", "", 0.001)
    pid = audit_writer.spool.pid
    names = sorted(path.name for path in spool_dir.iterdir())

    def broken(**kwargs):
        raise OperationalError("database down")

    with monkeypatch.context() as patched:
        patched.setattr(audit, "audit_entries_record", broken)
        with pytest.raises(OperationalError):
            audit_spool_recover(directory=spool_dir, pid=pid)
    assert sorted(path.name for path in spool_dir.iterdir()) == names
    assert audit_spool_recover(directory=spool_dir, pid=pid) == 1


def test_a_spooled_row_the_database_refuses_is_quarantined_not_blocking(spool_dir, tool):
    audit_writer.record(make_call(), tool, {"n": 1}, "success", "", 0.001)
    audit_writer.record(make_call(), tool, {"n": 2}, "success", "", 0.001)
    pid = audit_writer.spool.pid
    (path,) = spool_dir.glob(f"{pid}-*.jsonl")
    lines = path.read_text().splitlines()
    bad = json.loads(lines[0])
    bad["outcome"] = "x" * 500  # longer than the column: refused (PostgreSQL), or stored (SQLite)
    path.write_text("\n".join([json.dumps(bad), lines[1]]) + "\n")
    audit_writer.discard()

    recovered = audit_spool_recover(directory=spool_dir, pid=pid)
    assert recovered + AuditQuarantine.objects.count() == 2
    assert AuditEntry.objects.filter(arguments__n=2).count() == 1


def test_a_file_claimed_by_a_recovery_that_died_is_recovered_again(spool_dir, tool):
    audit_writer.record(make_call(), tool, {"n": 1}, "success", "", 0.001)
    pid = audit_writer.spool.pid
    (path,) = spool_dir.glob(f"{pid}-*.jsonl")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # the recovering process died with the file renamed
    path.rename(path.with_name(f"{path.name}.recovering-{gone.pid}"))
    audit_writer.discard()

    assert audit_spool_recover(directory=spool_dir, pid=pid) == 1
    assert list(spool_dir.iterdir()) == []
