"""What else a draining worker must end: long-lived HTTP streams (MCP notification streams).

A drain waits for every request in flight; a stream that never ends would hold the worker
for the whole drain time. A stream registers a callback here and ends itself, gracefully,
when the drain begins. Its own module so the streams need not import the draining server
(which installs Twisted's reactor).
"""
import logging

logger = logging.getLogger("civicmind.serve")

_hooks: set = set()


def on_drain(callback) -> None:
    _hooks.add(callback)


def forget(callback) -> None:
    _hooks.discard(callback)


def run_drain_hooks() -> None:
    for callback in list(_hooks):
        try:
            callback()
        except Exception:
            logger.exception("a drain hook failed")
