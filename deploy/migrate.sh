#!/bin/sh
# The compose `migrate` service: run once before the listeners start.
# Migrate; load the demo city into an empty database (CIVICMIND_LOAD_DEMO=false skips it);
# create the admin login when CIVICMIND_ADMIN_PASSWORD is set.
set -eu
python manage.py migrate --noinput
if [ "${CIVICMIND_LOAD_DEMO:-true}" = "true" ]; then
  python manage.py load_demo
fi
if [ -n "${CIVICMIND_ADMIN_PASSWORD:-}" ]; then
  # Print the user and URL, not the password: compose keeps this output in its logs.
  login=$(python manage.py ensure_admin)
  echo "$login" | sed 's/password .*/password (the CIVICMIND_ADMIN_PASSWORD you set)/'
else
  echo "No CIVICMIND_ADMIN_PASSWORD: create a login with" \
       "docker compose run --rm migrate python manage.py createsuperuser"
fi
