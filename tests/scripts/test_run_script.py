"""`make run` (scripts/run.sh) prints URLs for the host it serves, not always 127.0.0.1.

run.sh runs in a sandbox whose bootstrap and .venv/bin/python are stand-ins (no install, no
server): the stand-in records each `manage.py` command with the CIVICMIND_HOST it saw.
ensure_admin, which prints the admin URL, is the real command.
"""
import os
import shutil
import stat
import subprocess
import sys

import pytest
from django.core.management import call_command

from apps.core.url_hosts import url_host
from tests.servers import BASE_DIR

STAND_IN_PYTHON = """#!/usr/bin/env bash
if [ "$1" = manage.py ]; then echo "$* CIVICMIND_HOST=$CIVICMIND_HOST" >> "$(dirname "$0")/../../commands.log"; exit 0; fi
exec {python} "$@"
"""


def run_script(tmp_path, args=(), **env) -> tuple[str, list[str]]:
    (tmp_path / "scripts").mkdir()
    shutil.copy(BASE_DIR / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    (tmp_path / "scripts" / "bootstrap.sh").write_text("#!/usr/bin/env bash\nexit 0\n")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(STAND_IN_PYTHON.format(python=sys.executable))
    for path in (python, tmp_path / "scripts" / "bootstrap.sh"):
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    environment = {key: value for key, value in os.environ.items() if key not in ("CIVICMIND_HOST", "SECRET_KEY")}
    completed = subprocess.run(["bash", str(tmp_path / "scripts" / "run.sh"), *args], cwd=tmp_path,
                               env={**environment, **env}, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout, (tmp_path / "commands.log").read_text().splitlines()


@pytest.mark.parametrize("args, env, shown, bound", [
    ((), {}, "127.0.0.1", "127.0.0.1"),
    ((), {"CIVICMIND_HOST": "127.0.0.6"}, "127.0.0.6", "127.0.0.6"),
    ((), {"CIVICMIND_HOST": "civic.example"}, "civic.example", "civic.example"),
    (("--host", "10.1.2.3"), {"CIVICMIND_HOST": "127.0.0.6"}, "10.1.2.3", "10.1.2.3"),
    (("--host=::1",), {}, "[::1]", "::1"),
    (("--host", "0.0.0.0", "--workers", "2"), {}, "127.0.0.1", "0.0.0.0"),
])
def test_run_prints_the_url_of_the_host_it_serves(tmp_path, args, env, shown, bound):
    out, commands = run_script(tmp_path, args, **env)
    assert f"Try: curl http://{shown}:9300/health" in out
    assert shown == url_host(bound)  # the script and ensure_admin write a host the same way
    # serve binds the host (its --host defaults to CIVICMIND_HOST) and ensure_admin is told it too.
    assert commands[-1] == f"manage.py serve {' '.join(args)} CIVICMIND_HOST={bound}".replace("  ", " ")
    assert f"manage.py ensure_admin CIVICMIND_HOST={bound}" in commands


@pytest.mark.django_db
@pytest.mark.parametrize("host, shown", [(None, "127.0.0.1"), ("127.0.0.6", "127.0.0.6"), ("::", "[::1]"),
                                         ("0.0.0.0", "127.0.0.1"), ("fd00::5", "[fd00::5]")])
def test_ensure_admin_prints_the_admin_url_on_the_served_host(monkeypatch, capsys, settings, host, shown):
    settings.CIVICMIND_ADMIN_PORT = 8000
    monkeypatch.setenv("CIVICMIND_ADMIN_PASSWORD", "a-long-test-password")
    if host is None:
        monkeypatch.delenv("CIVICMIND_HOST", raising=False)
    else:
        monkeypatch.setenv("CIVICMIND_HOST", host)
    call_command("ensure_admin")
    assert f"Admin: http://{shown}:8000/admin/  user admin" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_make_api_key_creates_a_key_with_the_venvs_python(django_user_model):
    from django.db import connection

    from apps.accounts.models import ApiKey
    from tests.servers import database_url

    django_user_model.objects.create_user("desk-owner", password="x" * 20)
    env = {**os.environ, "DATABASE_URL": database_url(dict(connection.settings_dict)), "PATH": "/usr/bin:/bin"}
    completed = subprocess.run(["make", "-s", "api-key", "NAME=Parking tablets", "OWNER=desk-owner",
                                "SCOPES=parking permits", "LEVEL=staff"], cwd=BASE_DIR, env=env,
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    key = ApiKey.objects.get(name="Parking tablets")
    assert (sorted(key.domains), key.owner.username) == (["parking", "permits"], "desk-owner")
    assert key.prefix in completed.stdout
    usage = subprocess.run(["make", "-s", "api-key"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "usage: make api-key NAME=" in usage.stderr
