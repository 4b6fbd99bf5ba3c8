#!/usr/bin/env bash
# Create .venv (if missing) and install a hash-locked dependency tree into it; a stamp file
# skips the install when nothing changed since the last one.
# Usage: scripts/bootstrap.sh [lock file]   (default: requirements.lock; tests use requirements-dev.lock)
# The locks are generated from requirements*.txt by scripts/lock.sh: every package of the
# tree, transitive ones included, is pinned with its hashes, and pip refuses anything else.
# PYTHON picks the interpreter (default python3; Python 3.11 is what CivicMind pins for).
# Then the project itself is installed, editable and without dependencies (pyproject.toml),
# for its console script: .venv/bin/mcp-client, the stdio bridge MCP hosts launch.
set -euo pipefail
cd "$(dirname "$0")/.."
lock=${1:-requirements.lock}
python=${PYTHON:-python3}
case "$lock" in
  *.lock) ;;
  *) echo "bootstrap.sh installs a lock file (requirements.lock or requirements-dev.lock), not $lock;" \
          "run scripts/lock.sh after editing requirements*.txt." >&2
     exit 2 ;;
esac
if [ ! -x .venv/bin/python ]; then
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "CivicMind needs Python 3.10 or newer (3.11 recommended); set PYTHON=/path/to/python3.11." >&2
    exit 1
  fi
  echo "Creating .venv with $("$python" --version)"
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$lock")"
if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  echo "Installing $lock into .venv"
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r "$lock"
  touch "$stamp"
fi
project_stamp=".venv/.installed-project"
if [ ! -f "$project_stamp" ] || [ pyproject.toml -nt "$project_stamp" ] || [ ! -x .venv/bin/mcp-client ]; then
  echo "Installing the project (mcp-client) into .venv"
  .venv/bin/python -m pip install --quiet --no-deps -e .
  touch "$project_stamp"
fi
