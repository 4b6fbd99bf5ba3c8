"""A bounded pool of long-lived threads that run ORM work for the async endpoints.

asgiref's default `sync_to_async` funnels every call through one thread and Django opens a
connection per request; here each worker keeps its own connection (CONN_MAX_AGE) and the
pool size bounds how many database sessions one process holds.
"""
import asyncio
import contextvars
import functools
import threading
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


def _run_job(loop, func, args, kwargs):
    _job_loop.loop = loop
    close_old_connections()
    try:
        return func(*args, **kwargs)
    finally:
        close_old_connections()
        _job_loop.loop = None


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
