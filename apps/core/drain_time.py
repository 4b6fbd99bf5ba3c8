"""How long a draining worker waits for requests already begun: CIVICMIND_DRAIN_SECONDS.

Its own module because three places read it — `serve` (to wait for its workers), the worker
entry point and the draining server inside it — and the last must not import the first two.
"""
import os

DRAIN_SECONDS_ENV = "CIVICMIND_DRAIN_SECONDS"
DEFAULT_DRAIN_SECONDS = 20.0


def drain_seconds() -> float:
    """The configured drain time in seconds (the default when unset or not a number)."""
    try:
        return max(0.0, float(os.environ.get(DRAIN_SECONDS_ENV, DEFAULT_DRAIN_SECONDS)))
    except ValueError:
        return DEFAULT_DRAIN_SECONDS
