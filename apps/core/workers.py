"""A bounded pool of long-lived threads that run ORM work for the async endpoints.

asgiref's default `sync_to_async` funnels every call through one thread and Django opens a
connection per request; here each worker keeps its own connection (CONN_MAX_AGE) and the
pool size bounds how many database sessions one process holds.

Connection upkeep per job is Django's per-request upkeep with one difference: Django's
health check (CONN_HEALTH_CHECKS, a `SELECT 1` before a request's first query) runs only
when the thread's connection has sat idle for CIVICMIND_DB_IDLE_CHECK_SECONDS. A connection
that answered a moment ago is as good as checked, and a ping per tool call would be a
second round trip on every call. After every job Django's own `close_old_connections`
still drops a connection that errored, outlived CONN_MAX_AGE or was left outside autocommit.
"""
import asyncio
import contextvars
import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_job_loop = threading.local()


def executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        with _executor_lock:
            if _executor is None:
                _executor = ThreadPoolExecutor(
                    max_workers=settings.CIVICMIND_WORKER_THREADS,
                    thread_name_prefix="civicmind-worker",
                )
    return _executor


def calling_loop() -> asyncio.AbstractEventLoop | None:
    """Return the event loop that submitted the job running on this thread, if any."""
    return getattr(_job_loop, "loop", None)


def _trust_recent_connections() -> None:
    """Skip Django's pre-query health check on connections this thread used moments ago."""
    last_used = getattr(_job_loop, "finished_at", None)
    if last_used is None or time.monotonic() - last_used > settings.CIVICMIND_DB_IDLE_CHECK_SECONDS:
        return  # idle a while (or new): let Django check before the first query
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.errors_occurred:
            connection.health_check_done = True


def _run_job(loop, func, args, kwargs):
    _job_loop.loop = loop
    _trust_recent_connections()
    try:
        return func(*args, **kwargs)
    finally:
        close_old_connections()  # arms the health check again; the next job decides
        _job_loop.loop = None
        _job_loop.finished_at = time.monotonic()


async def run_sync(func, *args, **kwargs):
    """Run `func` on a worker thread and await its result, keeping context variables."""
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    job = functools.partial(context.run, _run_job, loop, func, args, kwargs)
    return await loop.run_in_executor(executor(), job)


def shutdown() -> None:
    """Close every worker's database connection and stop the pool (tests, process exit).

    Each worker thread holds its own connection; a barrier makes every thread take exactly
    one closing job, so none is left open (PostgreSQL refuses to drop a database in use).
    """
    global _executor
    with _executor_lock:
        pool, _executor = _executor, None
    if pool is None:
        return
    size = pool._max_workers
    barrier = threading.Barrier(size)

    def close_own_connections():
        try:
            barrier.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        connections.close_all()

    for future in [pool.submit(close_own_connections) for _ in range(size)]:
        future.result()
    pool.shutdown(wait=True)
