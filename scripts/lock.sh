#!/usr/bin/env bash
# Regenerate the hash-locked dependency trees from the human-edited direct pins:
#   requirements.txt      -> requirements.lock      (runtime: the image, `make run`)
#   requirements-dev.txt  -> requirements-dev.lock  (tests: `make test`, CI)
# Every line of a lock is name==version with --hash entries for every file PyPI has for it,
# so `pip install --require-hashes -r <lock>` installs exactly this tree or nothing.
#
# Deterministic: pip-tools is pinned here and runs in a throw-away venv, the machine's pip
# configuration (extra indexes, find-links, constraints) is ignored, and versions already in
# a lock are kept unless a direct pin moved them (or --upgrade / --upgrade-package NAME is
# given, passed on to pip-compile). The runtime lock is compiled from the dev lock's pins, so
# the two never disagree on a version. Run it after any edit of requirements*.txt and commit
# the two .lock files with it. Needs Python 3.11 (PYTHON=...): markers resolve for it.
set -euo pipefail
cd "$(dirname "$0")/.."
PIP_TOOLS_VERSION=7.6.2
python=${PYTHON:-python3}
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
export PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND=scripts/lock.sh
unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_INDEX_URL PIP_CONSTRAINT
"$python" -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install --quiet "pip-tools==$PIP_TOOLS_VERSION"

compile() {  # compile INPUT OUTPUT [pip-compile options]
  "$tools/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
    --no-emit-index-url --no-emit-find-links --resolver=backtracking \
    --output-file "$2" "${@:3}" "$1"
}

compile requirements-dev.txt requirements-dev.lock "$@"
# Seed the runtime lock with the dev lock's versions: pip-compile keeps what it finds there
# and drops what the runtime tree does not need.
cp requirements-dev.lock requirements.lock
compile requirements.txt requirements.lock
echo "Wrote requirements.lock ($(grep -c '==' requirements.lock) packages) and" \
     "requirements-dev.lock ($(grep -c '==' requirements-dev.lock) packages)"
