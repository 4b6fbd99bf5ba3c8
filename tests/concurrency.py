"""Racing threads against the database: the one harness every lock and sequence test uses.

Each worker gets its own database connection (Django's are per thread) and is released
together with the others by a barrier, so the calls really overlap. Tests that race need
committed data: mark them `django_db(transaction=True)`. PostgreSQL gives real row locks;
SQLite serialises writers with IMMEDIATE transactions, so the same test proves the outcome
on both.
"""
import threading
from typing import Callable, NamedTuple

import pytest
from django.db import connection

THREADS = 6
JOIN_TIMEOUT = 60  # seconds; a worker still running then is waiting on a lock nobody releases


class Race(NamedTuple):
    results: list  # work(i)'s return value at index i; None where it raised
    errors: list  # the exceptions raised, in the order they happened


def run_together(work: Callable[[int], object], count: int = THREADS, *, allow_errors: bool = False,
                 timeout: float = JOIN_TIMEOUT) -> Race:
    """Run `work(0)` … `work(count - 1)` in threads released at once; return their results and errors.

    Fails the test when a thread is still running after `timeout` (a hung lock must not pass
    as a result of None), and re-raises the first error unless the race is expected to refuse
    some callers (`allow_errors=True`).
    """
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(index):
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    hung = [i for i, thread in enumerate(threads) if thread.is_alive()]
    if hung:
        pytest.fail(f"{len(hung)} of {count} racing threads still running after {timeout}s (workers {hung}): "
                    "a lock was never released, or two writers wait on each other", pytrace=False)
    if errors and not allow_errors:
        raise errors[0]
    return Race(results, errors)
