#!/usr/bin/env bash
# One command from a fresh clone to every listener serving the demo city (`make run`):
# venv + install, a persistent local SECRET_KEY, migrate, demo data, admin login, serve.
# Extra arguments go to `manage.py serve` (e.g. --host 0.0.0.0). The embedded default:
# SQLite in var/ and the in-memory channel layer, unless DATABASE_URL / REDIS_URL are set.
# The URLs it prints use the host served: `--host`, else CIVICMIND_HOST, else 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
host="${CIVICMIND_HOST:-127.0.0.1}"
previous=""
for argument in "$@"; do
  case "$argument" in
    --host=*) host="${argument#--host=}" ;;
    *) if [ "$previous" = "--host" ]; then host="$argument"; fi ;;
  esac
  previous="$argument"
done
export CIVICMIND_HOST="$host"  # serve's default --host, and the host ensure_admin prints
case "$host" in  # as apps/core/url_hosts.py writes it in a URL
  0.0.0.0) url_host=127.0.0.1 ;;
  ::|"[::]") url_host="[::1]" ;;
  \[*) url_host="$host" ;;
  *:*) url_host="[$host]" ;;
  *) url_host="$host" ;;
esac
scripts/bootstrap.sh requirements.lock
var_dir=${CIVICMIND_VAR_DIR:-var}
(umask 077; mkdir -p "$var_dir")  # personal data (SQLite, uploads) and the secret key: owner-only
if [ -z "${SECRET_KEY:-}" ]; then
  # DEBUG is off, so the development key is refused: make a real one once and keep it.
  if [ ! -s "$var_dir/secret_key" ]; then
    (umask 077; .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > "$var_dir/secret_key")
  fi
  SECRET_KEY="$(cat "$var_dir/secret_key")"
  export SECRET_KEY
fi
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py ensure_admin
echo "Try: curl http://$url_host:${CIVICMIND_PORT_PARKING:-9300}/health   (docs/deployment.md lists every port)"
exec .venv/bin/python manage.py serve "$@"
