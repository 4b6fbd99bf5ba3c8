"""The embedded default's SQLite file is owner-only (issue 11, item 6: it was 0644).

Each case starts a fresh Python with the default settings (no DATABASE_URL) and a umask of
022, as `make run` on a typical machine, and writes through Django's own connection.
"""
import os
import stat
import subprocess
import sys
from pathlib import Path

from civicmind.localdata import sqlite_file_protect
from tests.platform.deployfiles import BASE_DIR

WRITE = ("import django; django.setup(); from django.db import connection; "
         "c = connection.cursor(); c.execute('CREATE TABLE IF NOT EXISTS t (a)'); c.execute('INSERT INTO t VALUES (1)'); "
         "print(connection.settings_dict['NAME'])")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_default_settings(var_dir: Path, **extra) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="civicmind.settings", CIVICMIND_VAR_DIR=str(var_dir), **extra)
    result = subprocess.run([sys.executable, "-c", WRITE], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                            timeout=120, preexec_fn=lambda: os.umask(0o022))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_new_database_and_var_dir_are_owner_only(tmp_path):
    var_dir = tmp_path / "var"
    name = run_default_settings(var_dir)
    database = Path(name)
    assert database == var_dir / "civicmind.sqlite3"
    assert mode(var_dir) == 0o700
    assert mode(database) == 0o600
    siblings = [p for p in var_dir.iterdir() if p.name.startswith("civicmind.sqlite3-")]
    assert all(mode(p) == 0o600 for p in siblings), {p.name: oct(mode(p)) for p in siblings}


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o755)
    var_dir.chmod(0o755)
    database = var_dir / "civicmind.sqlite3"
    database.touch()
    database.chmod(0o644)
    run_default_settings(var_dir)
    assert (mode(var_dir), mode(database)) == (0o700, 0o600)


def test_a_database_elsewhere_leaves_its_shared_directory_alone(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    database = shared / "city.sqlite3"
    sqlite_file_protect(database, var_dir=tmp_path / "var")
    assert mode(shared) == 0o1777  # not ours to change (think /tmp)
    assert mode(database) == 0o600
    assert database.read_bytes() == b""  # created empty, as SQLite expects of a new database


def test_protecting_never_truncates_an_existing_database(tmp_path):
    database = tmp_path / "civicmind.sqlite3"
    database.write_bytes(b"SQLite format 3\x00data")
    sqlite_file_protect(database, var_dir=tmp_path)
    assert database.read_bytes() == b"SQLite format 3\x00data"
