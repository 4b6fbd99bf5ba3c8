#!/usr/bin/env bash
# One command from a fresh clone to every listener serving the demo city:
# venv + install, a persistent local SECRET_KEY, migrate, demo data, admin login, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements.txt
mkdir -p var
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s var/secret_key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
  export SECRET_KEY="$(cat var/secret_key)"
fi
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py ensure_admin
exec .venv/bin/python manage.py serve "$@"
