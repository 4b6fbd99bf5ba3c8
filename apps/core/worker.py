"""One daphne worker of `serve`: daphne's own command line, plus what a supervised worker needs.

`python -m apps.core.worker <daphne arguments>` runs daphne as `python -m daphne` would, with
two differences:

- It dies with its supervisor. The kernel sends it SIGTERM when the process that started
  it dies (PR_SET_PDEATHSIG), even by `kill -9`: no orphan keeps serving stale code on the
  ports after `serve` is gone.
- SIGTERM (and SIGINT) drain instead of cutting: the worker stops accepting connections (the
  other workers and the restarted ones still accept on the shared sockets), closes every
  /events WebSocket with a close frame (1001, "going away") so clients reconnect at once,
  closes idle keep-alive connections, lets every request already begun finish and be
  answered, then stops; the audit writer flushes at exit. Past CIVICMIND_DRAIN_SECONDS
  (default 20) whatever is left is cancelled, as daphne does.
"""
import ctypes
import logging
import os
import signal
import sys

logger = logging.getLogger("civicmind.serve")

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
SUPERVISOR_PID_ENV = "CIVICMIND_SUPERVISOR_PID"


def die_with_parent(parent_pid: int) -> None:
    """Ask the kernel for SIGTERM when the parent dies; leave at once if it died already.

    The check after prctl closes the window between fork and prctl, in which the parent may
    have died and this process been adopted by init (the signal would never come).
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        logger.warning("prctl(PR_SET_PDEATHSIG) failed (errno %d): this worker may outlive serve",
                       ctypes.get_errno())
    if os.getppid() != parent_pid:
        sys.exit(0)


def main(argv: list[str]) -> None:
    parent = os.environ.get(SUPERVISOR_PID_ENV)
    if parent:
        die_with_parent(int(parent))
    from apps.core.draining import WorkerCommandLine  # installs Twisted's reactor: workers only

    WorkerCommandLine().run(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
