#!/usr/bin/env bash
# Create .venv (if missing) and install the pinned requirements into it; a stamp file
# skips the install when nothing changed since the last one.
# Usage: scripts/bootstrap.sh [requirements file]   (default: requirements.txt)
# PYTHON picks the interpreter (default python3; Python 3.11 is what CivicMind pins for).
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=${1:-requirements.txt}
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "CivicMind needs Python 3.10 or newer (3.11 recommended); set PYTHON=/path/to/python3.11." >&2
    exit 1
  fi
  echo "Creating .venv with $("$python" --version)"
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  echo "Installing $requirements into .venv"
  .venv/bin/python -m pip install --quiet -r "$requirements"
  touch "$stamp"
fi
