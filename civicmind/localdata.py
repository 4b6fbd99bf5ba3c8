"""Keep the embedded default's personal data readable by its owner only.

SQLite creates its file with the process's umask (usually 0644: anyone on the machine can
read every citation, plate and filing in it), and var/ also holds the generated secret key
and uploaded documents. Called from the settings, before any connection opens: the file is
created empty with mode 0600 (SQLite takes an empty file as a new database, and gives its
-wal/-shm/-journal files the database file's mode), an existing one is tightened to 0600, and
the directory holding it to 0700.
"""
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


def _tighten(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode:
        path.chmod(current & mode)


def sqlite_file_protect(name: str | os.PathLike, *, var_dir: str | os.PathLike) -> None:
    """Create or tighten the SQLite file `name` to 0600, and `var_dir` to 0700 if it holds it.

    Only CivicMind's own directory is tightened: a database placed elsewhere by
    DATABASE_URL may sit in a shared directory (/tmp) whose mode is not ours to change.
    Best effort: on a read-only or foreign-owned location nothing can be changed, and the
    server should still start (the operator owns those permissions then).
    """
    path = Path(name)
    try:
        if path.parent.resolve() == Path(var_dir).resolve():
            path.parent.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
            _tighten(path.parent, DIRECTORY_MODE)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))  # never truncates
        _tighten(path, FILE_MODE)
        for suffix in ("-wal", "-shm", "-journal"):
            sibling = path.with_name(path.name + suffix)
            if sibling.exists():
                _tighten(sibling, FILE_MODE)
    except OSError:
        pass
