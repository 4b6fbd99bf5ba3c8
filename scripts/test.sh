#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite (`make test`); extra arguments go
# to pytest. Uses DATABASE_URL / REDIS_URL when set (CI sets PostgreSQL and Redis), else
# SQLite and the in-memory channel layer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements-dev.lock
exec .venv/bin/python -m pytest "$@"
