"""Keep the start-up heap out of the garbage collector's full passes.

Everything a server process builds before its first request — Django, every app and model,
the tool registry and its schemas, DRF serializers — lives as long as the process. Python's
full (generation 2) collection still walks all of it each time it runs: 80-90 ms on this
project's listener, a pause every request in flight waits out (at concurrency 1 that was
the p99: 31 ms against 7 ms). `gc.freeze()` moves those objects to a permanent generation
the collector skips, so a full pass only walks what requests made since: 8-9 ms.
"""
import gc


def freeze_startup_heap() -> int:
    """Collect what start-up left behind, then freeze the rest; return how many objects froze."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
