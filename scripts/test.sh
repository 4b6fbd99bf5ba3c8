#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite (`make test`); extra arguments go
# to pytest. Uses DATABASE_URL / REDIS_URL when set (CI sets PostgreSQL and Redis), else
# SQLite and the in-memory channel layer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements-dev.lock
# The official MCP conformance suite and its Node.js 22 (tests/mcp/test_conformance.py), pinned
# with their hashes in tests/conformance/package-lock.json.
if command -v npm >/dev/null; then
  stamp=tests/conformance/node_modules/.installed-from-lock
  if ! cmp -s tests/conformance/package-lock.json "$stamp"; then
    if npm ci --prefix tests/conformance --no-audit --no-fund --silent; then
      cp tests/conformance/package-lock.json "$stamp"
    else
      echo "test.sh: the MCP conformance suite could not be installed; its test will be skipped" >&2
    fi
  fi
else
  echo "test.sh: npm not found; the MCP conformance test will be skipped" >&2
fi
exec .venv/bin/python -m pytest "$@"
