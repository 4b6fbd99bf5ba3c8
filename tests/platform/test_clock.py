"""One frozen "today": `CIVICMIND_TODAY` moves the clock by whole days, here and in servers."""
import datetime as dt
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from civicmind import clock
from civicmind.clock import clock_shift_to, clock_today_from_env
from tests.helpers.today import FROZEN_TODAY
from tests.servers import BASE_DIR, server_env


def test_the_suite_runs_on_the_demo_citys_day():
    assert timezone.localdate() == FROZEN_TODAY == dt.date(2026, 11, 24)


def test_a_shift_moves_the_date_and_keeps_time_moving(monkeypatch, settings):
    monkeypatch.setattr(timezone, "now", timezone.now)  # put the suite's clock back afterwards
    shift = clock_shift_to(dt.date(2031, 2, 3), settings.TIME_ZONE)
    assert timezone.localdate() == dt.date(2031, 2, 3)
    assert shift.seconds == 0 and shift.microseconds == 0  # whole days: the time of day is the real one
    real = clock._real_now()
    assert dt.timedelta(0) <= timezone.now() - shift - real < dt.timedelta(seconds=5)
    first = timezone.now()
    assert timezone.now() >= first  # a clock that still runs


@pytest.mark.parametrize("value, day", [("", None), ("2026-11-24", dt.date(2026, 11, 24))])
def test_the_variable_is_a_date_or_unset(value, day):
    assert clock_today_from_env(value) == day


def test_a_bad_value_names_the_variable():
    with pytest.raises(ImproperlyConfigured) as raised:
        clock_today_from_env("24/11/2026")
    assert str(raised.value) == "CIVICMIND_TODAY must be a date as YYYY-MM-DD, not '24/11/2026'"


def test_a_server_process_reads_the_same_frozen_day(tmp_path):
    """What `serve`/daphne children inherit: the environment carries the day, settings apply it."""
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    env = server_env(database, 1, {}, CIVICMIND_TODAY="2031-02-03")
    code = "import django; django.setup(); from django.utils import timezone; print(timezone.localdate())"
    shown = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                           timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "2031-02-03"
    inherited = server_env(database, 1, {})
    assert inherited["CIVICMIND_TODAY"] == FROZEN_TODAY.isoformat()  # every server the suite starts
