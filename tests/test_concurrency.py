"""The racing harness itself: it must fail a test whose thread hangs, and not swallow errors."""
import threading

import pytest

from tests.concurrency import run_together


def test_all_workers_run_and_return_in_order():
    assert run_together(lambda i: i * i, count=4).results == [0, 1, 4, 9]


def test_a_hung_thread_fails_the_test():
    release = threading.Event()
    try:
        with pytest.raises(pytest.fail.Exception, match=r"1 of 3 racing threads still running after 0.3s"):
            run_together(lambda i: release.wait(30) if i == 1 else i, count=3, timeout=0.3)
    finally:
        release.set()


def test_an_error_is_raised_unless_the_race_allows_errors():
    def work(i):
        if i == 2:
            raise ValueError("refused")
        return i

    with pytest.raises(ValueError, match="refused"):
        run_together(work, count=3)
    race = run_together(work, count=3, allow_errors=True)
    assert race.results == [0, 1, None] and [str(e) for e in race.errors] == ["refused"]
