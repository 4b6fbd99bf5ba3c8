# One image for every CivicMind service in docker-compose.yml (migrate, admin, the eight
# listeners); the command picks the port. Python 3.11 keeps Django on the 5.2 LTS line.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=civicmind.settings \
    CIVICMIND_VAR_DIR=/app/var

WORKDIR /app

# Dependencies first, so code changes rebuild only the last layers. The lock (scripts/lock.sh)
# pins the whole tree with hashes: pip installs exactly that or fails.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .
RUN useradd --system --uid 10001 --home-dir /app civicmind \
    && mkdir -p var/media \
    && chown civicmind var var/media
USER civicmind

EXPOSE 8000 9300 9301 9302 9303 9304 9305 9306 9307
# The admin (and all-domains /mcp); docker-compose.yml runs the listeners with -p 9300..9307.
CMD ["daphne", "-v", "0", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", "civicmind.asgi:application"]
