"""The audit spool: the rows a worker buffered, on disk until they are in the database.

The writer buffers rows in memory and inserts them every CIVICMIND_AUDIT_FLUSH_MS, so a worker
killed (kill -9, the OOM killer, a segfault) loses what it buffered. Under `serve` each row is
also appended to a spool file of the worker (one line of redacted JSON: the same values the
audit table gets, never a secret). A flush first rotates the file, writes the rows that file
holds, then deletes it; a flush that fails keeps it. When a worker dies, its supervisor reads
what is left in that worker's files and inserts it (`audit_spool_recover`).

A row is therefore written at least once: a worker killed between its insert and the file's
deletion has those rows inserted again on recovery. A duplicate row in an audit log is
harmless where a missing one is not. The spool lives in page cache: it survives the death
of the process, not of the machine.
"""
import datetime
import json
import logging
import os
from pathlib import Path

logger = logging.getLogger("civicmind.audit")

SPOOL_DIR_ENV = "CIVICMIND_AUDIT_SPOOL_DIR"
SUFFIX = ".jsonl"


class AuditSpool:
    """The spool files of one process: `<pid>-<sequence>.jsonl` in `directory`."""

    def __init__(self, directory: str | Path, pid: int | None = None):
        self.directory = Path(directory)
        self.pid = pid or os.getpid()
        self.sequence = 0
        self.fd: int | None = None
        self.rotated: list[Path] = []

    @classmethod
    def from_environment(cls) -> "AuditSpool | None":
        directory = os.environ.get(SPOOL_DIR_ENV)
        return cls(directory) if directory else None

    def current_path(self) -> Path:
        return self.directory / f"{self.pid}-{self.sequence}{SUFFIX}"

    def append(self, entry: dict) -> None:
        """Append one redacted entry: one write(2) of one line, so a kill cuts no line but the last."""
        line = json.dumps(entry, ensure_ascii=True, default=_json_default, separators=(",", ":")) + "\n"
        if self.fd is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.current_path(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.write(self.fd, line.encode("ascii"))

    def rotate(self) -> None:
        """Start a new file; the rows written so far wait in the old one until `release`."""
        if self.fd is None:
            return
        os.close(self.fd)
        self.fd = None
        self.rotated.append(self.current_path())
        self.sequence += 1

    def release(self) -> None:
        """Delete the rotated files: their rows are in the database."""
        while self.rotated:
            self.rotated.pop().unlink(missing_ok=True)

    def close(self) -> None:
        """At a clean exit after a successful flush: nothing is left to keep."""
        self.rotate()
        self.release()


def _json_default(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


CLAIMED = ".recovering-"


def spool_files(directory: str | Path, pid: int) -> list[Path]:
    """The spool files `pid` left in `directory`, oldest first.

    A file claimed by a recovery whose process died before finishing (`….jsonl.recovering-<pid>`)
    counts again; one claimed by a live process is that process's.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return []
    files = list(directory.glob(f"{pid}-*{SUFFIX}"))
    for path in directory.glob(f"{pid}-*{SUFFIX}{CLAIMED}*"):
        claimer = path.name.rsplit(CLAIMED, 1)[1]
        if claimer.isdigit() and (int(claimer) == os.getpid() or not Path(f"/proc/{claimer}").exists()):
            files.append(path)

    def sequence(path: Path) -> int:
        number = path.name[len(f"{pid}-"):].split(SUFFIX, 1)[0]
        return int(number) if number.isdigit() else 0

    return sorted(files, key=sequence)


def read_entries(path: Path) -> list[dict]:
    """The entries of one spool file; a last line cut by the kill is skipped (and logged)."""
    entries = []
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            entry = json.loads(line)
            entry["created_at"] = datetime.datetime.fromisoformat(entry["created_at"])
        except (ValueError, KeyError, TypeError):
            logger.error("audit: unreadable line %d of spool %s skipped: %r", number, path.name, line[:200])
            continue
        entries.append(entry)
    return entries
