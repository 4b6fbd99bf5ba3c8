"""CivicMind settings: one module for every listener, configured from the environment.

The embedded default (no variables set) is SQLite plus the in-memory channel layer, so a
laptop needs nothing installed. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
DEBUG=false; `civicmind.checks` refuses to serve on a development or guessable secret key.
Every variable is listed, with its default, in docs/deployment.md.
"""
from pathlib import Path

from civicmind.domains import admin_port_from_env, domain_ports_from_env
from civicmind.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CIVICMIND_VAR_DIR", str(BASE_DIR / "var")))

DEVELOPMENT_SECRET_KEY = "django-insecure-civicmind-development-only"
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "channels",
    "apps.core",
    "apps.places",
    "apps.mcp",
    "apps.accounts",
    "apps.events",
    "apps.parking",
    "apps.permits",
    "apps.noise",
    "apps.safety",
    "apps.utilities",
    "apps.transportation",
    "apps.zoning",
    "apps.environmental",
    "apps.business",
    # REST and Open311 (docs/rest.md): generated from the same registry, above every domain.
    "drf_spectacular_sidecar",
    "apps.api",
    "apps.open311",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "civicmind.urls"
ASGI_APPLICATION = "civicmind.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


DATABASES = {
    # Long-lived worker threads keep their connections (see apps.core.workers). The URL is
    # not kept as a setting of its own: it carries the password and settings get printed.
    "default": database_from_url(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'civicmind.sqlite3'}",
        test_dir=VAR_DIR,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600, minimum=0),
        connect_timeout=env_int("DB_CONNECT_TIMEOUT", 5, minimum=1),
        prepare_threshold=env_int("DB_PREPARE_THRESHOLD", 5, minimum=0),
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Every database call has a deadline (issue 14, item 6). PostgreSQL ends any statement
# that runs longer than DB_STATEMENT_TIMEOUT_MS (0: no limit; set on each application
# session, apps.core.dbtimeouts) and gives up connecting after DB_CONNECT_TIMEOUT (above).
# A frozen server answers neither, so the MCP endpoint also stops waiting for a worker
# thread after CIVICMIND_DB_DEADLINE_SECONDS and answers 503 "retry" (apps.mcp.unavailable).
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 10_000, minimum=0)
CIVICMIND_DB_DEADLINE_SECONDS = env_int(
    "CIVICMIND_DB_DEADLINE_SECONDS",
    DATABASES["default"]["OPTIONS"].get("connect_timeout", 5) + max(1, -(-DB_STATEMENT_TIMEOUT_MS // 1000)),
    minimum=1)

REDIS_URL = env_str("REDIS_URL")
# channels-redis blocks 5 s on each read (BZPOPMIN, its brpop_timeout) while redis-py's
# default socket timeout is also 5 s: every idle read timed out and the events reader
# dropped and rejoined every 6-7 s (issue 14, item 4). The socket waits longer than the
# blocking read; connecting still gives up after 5 s, so an absent Redis is noticed soon.
CHANNEL_LAYER_SOCKET_TIMEOUT_SECONDS = 15
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": CHANNEL_LAYER_SOCKET_TIMEOUT_SECONDS,
                           "socket_connect_timeout": 5}],
                # Members of killed processes leave the events group after 30 min, not a day.
                "capacity": 1500, "expiry": 30, "group_expiry": 1800,
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": 1500, "expiry": 30},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("CIVICMIND_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

FIXTURE_DIRS = sorted(p for p in (BASE_DIR / "fixtures").iterdir() if p.is_dir())

# --- Listeners -----------------------------------------------------------------------
CIVICMIND_DOMAIN_PORTS = domain_ports_from_env()
CIVICMIND_ADMIN_PORT = admin_port_from_env()
CIVICMIND_CITY_NAME = env_str("CIVICMIND_CITY_NAME", "Civic City")
# Trust X-Forwarded-For/-Proto from the peer: only behind a proxy that sets them (nginx).
CIVICMIND_PROXY_HEADERS = env_bool("CIVICMIND_PROXY_HEADERS", False)
# The admin's CSS/JS from the installed apps, so the admin works without a web server
# in front; turn off when a proxy serves `collectstatic` output from STATIC_ROOT.
CIVICMIND_SERVE_STATIC = env_bool("CIVICMIND_SERVE_STATIC", True)
# One process per listener (docker compose): each is its own Prometheus scrape target, so its
# /metrics must be reachable on its own port. Off by default: public ports serve MCP only.
CIVICMIND_METRICS_ON_LISTENERS = env_bool("CIVICMIND_METRICS_ON_LISTENERS", False)

# --- MCP transport ---------------------------------------------------------------------
CIVICMIND_MCP_MAX_BODY_BYTES = env_int("CIVICMIND_MCP_MAX_BODY_BYTES", 8 * 1024 * 1024, minimum=1024)
# Messages in one 2025-03-26 batch; a longer batch is refused whole (-32600). docs/security.md.
CIVICMIND_MCP_MAX_BATCH = env_int("CIVICMIND_MCP_MAX_BATCH", 100, minimum=1)
# MCP notification streams (a session's GET stream, subscriptions/listen): a comment line this
# often keeps proxies from closing an idle stream and tells a stream whose session ended.
CIVICMIND_MCP_STREAM_KEEPALIVE_SECONDS = env_int("CIVICMIND_MCP_STREAM_KEEPALIVE_SECONDS", 15, minimum=1)
# A session nobody has listened on (GET stream) for this long is forgotten by prune_mcp_sessions.
CIVICMIND_MCP_SESSION_IDLE_DAYS = env_int("CIVICMIND_MCP_SESSION_IDLE_DAYS", 7, minimum=1)
# Open notification streams one process holds at most; past it a new one is answered 503.
CIVICMIND_MCP_MAX_STREAMS = env_int("CIVICMIND_MCP_MAX_STREAMS", 1000, minimum=1)
CIVICMIND_ALLOWED_ORIGINS = env_list("CIVICMIND_ALLOWED_ORIGINS", [])
CIVICMIND_WORKER_THREADS = env_int("CIVICMIND_WORKER_THREADS", 4, minimum=1)
# A worker's connection idle longer than this is health-checked before its next query.
CIVICMIND_DB_IDLE_CHECK_SECONDS = env_int("CIVICMIND_DB_IDLE_CHECK_SECONDS", 5, minimum=0)

# --- Security ----------------------------------------------------------------------
# CIVICMIND_HTTPS=true says the site is reached over HTTPS only (TLS ends at a proxy in
# front): it turns on the redirect, secure cookies and HSTS, so `check --deploy` is clean.
# Off by default because the embedded default serves plain HTTP on 127.0.0.1.
CIVICMIND_HTTPS = env_bool("CIVICMIND_HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", CIVICMIND_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", CIVICMIND_HTTPS)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", CIVICMIND_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if CIVICMIND_HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", CIVICMIND_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", CIVICMIND_HTTPS)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself (nginx in docker-compose).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {"UNAUTHENTICATED_USER": None}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- parking ---
# How residents pay, as check_violations and the pay_a_citation prompt tell them.
PARKING_PAYMENT_ONLINE_URL = env_str("PARKING_PAYMENT_ONLINE_URL", "https://city.ai/parking/pay")
PARKING_PAYMENT_PHONE = env_str("PARKING_PAYMENT_PHONE", "(555) 123-PARK")
PARKING_PAYMENT_IN_PERSON = env_str("PARKING_PAYMENT_IN_PERSON", "City Hall, Room 101")
# Days from issue to the due date, and from issue to the end of the contest window.
PARKING_PAYMENT_DUE_DAYS = env_int("PARKING_PAYMENT_DUE_DAYS", 30, minimum=1)
PARKING_CONTEST_WINDOW_DAYS = env_int("PARKING_CONTEST_WINDOW_DAYS", 21, minimum=0)
# Largest evidence photo accepted (decoded bytes); MCP bodies are capped separately.
PARKING_PHOTO_MAX_BYTES = env_int("PARKING_PHOTO_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# The payment processor: the demo gateway charges nothing (tok_visa approves).
CIVICMIND_PAYMENT_GATEWAY = env_str("CIVICMIND_PAYMENT_GATEWAY", "apps.core.payments.DemoPaymentGateway")
# Payment intents (docs/parking.md): how long a request waits for another pending payment of
# the same citations, and after how long a pending intent is presumed orphaned and reconciled.
PARKING_PAYMENT_INTENT_WAIT_SECONDS = env_int("PARKING_PAYMENT_INTENT_WAIT_SECONDS", 10, minimum=0)
PARKING_PAYMENT_INTENT_STALE_SECONDS = env_int("PARKING_PAYMENT_INTENT_STALE_SECONDS", 120, minimum=0)

# --- noise ---
# Complaints about one address filed within this many days are linked as repeats.
NOISE_REPEAT_WINDOW_DAYS = env_int("NOISE_REPEAT_WINDOW_DAYS", 30, minimum=1)
# How long after the noise a complaint may still be filed.
NOISE_COMPLAINT_MAX_AGE_DAYS = env_int("NOISE_COMPLAINT_MAX_AGE_DAYS", 30, minimum=1)
# The line residents call while noise is going on ("" leaves it out of answers).
NOISE_HOTLINE = env_str("NOISE_HOTLINE", "(555) 123-HUSH")

# --- utilities ---
# A report within this distance of an active outage of the same service joins it.
UTILITIES_OUTAGE_MERGE_RADIUS_FEET = env_int("UTILITIES_OUTAGE_MERGE_RADIUS_FEET", 2640, minimum=1)
# How residents pay their bills, as billing_inquiry tells them.
UTILITIES_PAYMENT_ONLINE_URL = env_str("UTILITIES_PAYMENT_ONLINE_URL", "https://city.ai/utilities/pay")
UTILITIES_PHONE = env_str("UTILITIES_PHONE", "(555) 123-UTIL")

# --- permits ---
# Largest document accepted with an application (decoded bytes), and how many per call.
PERMITS_DOCUMENT_MAX_BYTES = env_int("PERMITS_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
PERMITS_DOCUMENTS_PER_CALL = env_int("PERMITS_DOCUMENTS_PER_CALL", 10, minimum=1)
# Inspection slots of a working day (local time), one inspection per inspector per slot,
# and how many days ahead schedule_inspection searches.
PERMITS_INSPECTION_SLOT_TIMES = env_list("PERMITS_INSPECTION_SLOT_TIMES", ["09:00", "11:00", "13:00", "15:00"])
PERMITS_INSPECTION_HORIZON_DAYS = env_int("PERMITS_INSPECTION_HORIZON_DAYS", 60, minimum=1)

# --- idempotency keys ---
# Answers kept for write calls made with an idempotency_key (apps.mcp.replays); a retry
# later than this runs again. Deleted by `manage.py prune_idempotency_keys`.
CIVICMIND_IDEMPOTENCY_RETENTION_DAYS = env_int("CIVICMIND_IDEMPOTENCY_RETENTION_DAYS", 7, minimum=1)

# --- events ---
# Outbox rows older than this are deleted by `manage.py prune_events` (replay reaches back this far).
CIVICMIND_EVENTS_RETENTION_DAYS = env_int("CIVICMIND_EVENTS_RETENTION_DAYS", 30, minimum=1)
# Events queued for one socket before it is closed as a slow consumer (with resume_from).
CIVICMIND_EVENTS_BUFFER_SIZE = env_int("CIVICMIND_EVENTS_BUFFER_SIZE", 1000, minimum=1)
# Rows read per query when replaying `since` and when catching up on the outbox.
CIVICMIND_EVENTS_REPLAY_BATCH = env_int("CIVICMIND_EVENTS_REPLAY_BATCH", 500, minimum=1)
# How often each process reads the outbox without a wake-up (events from other processes).
CIVICMIND_EVENTS_POLL_MS = env_int("CIVICMIND_EVENTS_POLL_MS", 1000, minimum=10)
# How long a missing id holds later ones back when the database cannot prove it final.
CIVICMIND_EVENTS_GAP_TIMEOUT_MS = env_int("CIVICMIND_EVENTS_GAP_TIMEOUT_MS", 10000, minimum=0)
# Largest message a client may send on /events.
CIVICMIND_EVENTS_MAX_MESSAGE_BYTES = env_int("CIVICMIND_EVENTS_MAX_MESSAGE_BYTES", 65536, minimum=256)
# Messages a client may send on one /events socket: this many a second, in bursts of up
# to CIVICMIND_EVENTS_MESSAGE_BURST; past that each gets an error, and a client that keeps
# going is closed with 1008 (apps/events/throttle.py).
CIVICMIND_EVENTS_MESSAGES_PER_SECOND = env_int("CIVICMIND_EVENTS_MESSAGES_PER_SECOND", 10, minimum=1)
CIVICMIND_EVENTS_MESSAGE_BURST = env_int("CIVICMIND_EVENTS_MESSAGE_BURST", 20, minimum=1)

# --- security ---
# API keys, access per tool, rate limits, the audit log, metrics and logs: docs/security.md.
import ipaddress  # noqa: E402

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from civicmind.logging import logging_config  # noqa: E402

# Every call needs a key when on; otherwise anonymous callers reach public tools and, with
# "resident", residents' filings too (the seed's examples run without a key).
CIVICMIND_REQUIRE_API_KEY = env_bool("CIVICMIND_REQUIRE_API_KEY", False)
CIVICMIND_ANONYMOUS_ACCESS = env_str("CIVICMIND_ANONYMOUS_ACCESS", "resident").strip().lower()
if CIVICMIND_ANONYMOUS_ACCESS not in ("public", "resident"):
    raise ImproperlyConfigured(
        f"CIVICMIND_ANONYMOUS_ACCESS must be public or resident, not {CIVICMIND_ANONYMOUS_ACCESS!r}.")
# A key is looked up at most this often per process: revocation takes effect within it.
CIVICMIND_API_KEY_CACHE_SECONDS = env_int("CIVICMIND_API_KEY_CACHE_SECONDS", 5, minimum=0)
# Requests per window, per key and per client address (0: no limit); loopback is exempt by address.
CIVICMIND_RATE_LIMIT_WINDOW_SECONDS = env_int("CIVICMIND_RATE_LIMIT_WINDOW_SECONDS", 60, minimum=1)
CIVICMIND_RATE_LIMIT_PER_KEY = env_int("CIVICMIND_RATE_LIMIT_PER_KEY", 1200, minimum=0)
CIVICMIND_RATE_LIMIT_PER_ADDRESS = env_int("CIVICMIND_RATE_LIMIT_PER_ADDRESS", 600, minimum=0)
CIVICMIND_RATE_LIMIT_EXEMPT = env_list("CIVICMIND_RATE_LIMIT_EXEMPT", ["127.0.0.0/8", "::1"])
try:
    [ipaddress.ip_network(network, strict=False) for network in CIVICMIND_RATE_LIMIT_EXEMPT]
except ValueError as error:
    raise ImproperlyConfigured(f"CIVICMIND_RATE_LIMIT_EXEMPT: {error}.") from None
CIVICMIND_RATE_LIMIT_PREFIX = env_str("CIVICMIND_RATE_LIMIT_PREFIX", "civicmind:ratelimit")
# How many processes share the limits through Redis (`serve --workers N` sets it for its
# children; compose: one per listener). While Redis is unreachable each process admits
# limit / this many, so the shared limit holds without Redis (apps.accounts.ratelimit).
CIVICMIND_RATE_LIMIT_PROCESSES = env_int("CIVICMIND_RATE_LIMIT_PROCESSES", 1, minimum=1)
# The audit log: buffered, written in batches by a background thread, pruned by prune_audit_log.
CIVICMIND_AUDIT_RETENTION_DAYS = env_int("CIVICMIND_AUDIT_RETENTION_DAYS", 90, minimum=1)
CIVICMIND_AUDIT_FLUSH_MS = env_int("CIVICMIND_AUDIT_FLUSH_MS", 1000, minimum=10)
CIVICMIND_AUDIT_BATCH_SIZE = env_int("CIVICMIND_AUDIT_BATCH_SIZE", 500, minimum=1)
CIVICMIND_AUDIT_MAX_BUFFER = env_int("CIVICMIND_AUDIT_MAX_BUFFER", 100_000, minimum=100)
# /metrics (admin port only); with a token, scrapers must send Authorization: Bearer <token>.
CIVICMIND_METRICS_TOKEN = env_str("CIVICMIND_METRICS_TOKEN")
INSTALLED_APPS += ["django_prometheus"]
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "apps.accounts.middleware.RequestLogMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# JSON lines with the request id (CIVICMIND_LOG_FORMAT=plain for people reading a terminal).
CIVICMIND_LOG_FORMAT = env_str("CIVICMIND_LOG_FORMAT", "json").strip().lower()
if CIVICMIND_LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"CIVICMIND_LOG_FORMAT must be json or plain, not {CIVICMIND_LOG_FORMAT!r}.")
CIVICMIND_REQUEST_LOG = env_bool("CIVICMIND_REQUEST_LOG", True)
LOGGING = logging_config(level=LOG_LEVEL, fmt=CIVICMIND_LOG_FORMAT)

# --- zoning ---
# Days of public notice before a variance hearing: an application is heard at the first
# Board of Zoning Appeals meeting (second Tuesday of the month) at least this far ahead.
ZONING_HEARING_NOTICE_DAYS = env_int("ZONING_HEARING_NOTICE_DAYS", 21, minimum=1)

# --- safety ---
# Average speed of a responding unit, for the ETAs dispatch answers give (distance / speed).
SAFETY_RESPONSE_SPEED_MPH = env_int("SAFETY_RESPONSE_SPEED_MPH", 30, minimum=1)
# Where businesses book their fire inspections, as get_requirements tells them.
SAFETY_FIRE_MARSHAL_PHONE = env_str("SAFETY_FIRE_MARSHAL_PHONE", "(555) 123-FIRE")

# --- transportation ---
# A road issue report within this distance of an open issue of the same type joins it.
TRANSPORTATION_ISSUE_MERGE_RADIUS_FEET = env_int("TRANSPORTATION_ISSUE_MERGE_RADIUS_FEET", 500, minimum=1)
# How far from a place its nearest transit stop may be, and how far traffic_alerts looks around a place.
TRANSPORTATION_STOP_RADIUS_FEET = env_int("TRANSPORTATION_STOP_RADIUS_FEET", 2640, minimum=1)
TRANSPORTATION_ALERT_RADIUS_FEET = env_int("TRANSPORTATION_ALERT_RADIUS_FEET", 5280, minimum=1)

# --- environmental ---
# Bulk pickups: days of notice crews need, how many weeks ahead to look for a day with room,
# free pickups per address per year, and the fee (in cents) for each one after that.
ENVIRONMENTAL_BULK_LEAD_DAYS = env_int("ENVIRONMENTAL_BULK_LEAD_DAYS", 2, minimum=0)
ENVIRONMENTAL_BULK_HORIZON_WEEKS = env_int("ENVIRONMENTAL_BULK_HORIZON_WEEKS", 8, minimum=1)
ENVIRONMENTAL_BULK_FREE_PER_YEAR = env_int("ENVIRONMENTAL_BULK_FREE_PER_YEAR", 2, minimum=0)
ENVIRONMENTAL_BULK_FEE_CENTS = env_int("ENVIRONMENTAL_BULK_FEE_CENTS", 3500, minimum=0)
# The sanitation line residents call, as answers tell them.
ENVIRONMENTAL_PHONE = env_str("ENVIRONMENTAL_PHONE", "(555) 123-WAST")

# --- local data ---
# The embedded default's SQLite file holds personal data: owner-only (0600, its directory
# 0700), created so before the first connection. Servers on PostgreSQL skip this.
from civicmind.localdata import sqlite_file_protect  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    sqlite_file_protect(DATABASES["default"]["NAME"], var_dir=VAR_DIR)

# --- admin sign-in throttle ---
# Failed admin sign-ins per username and per client address (IPv6: per /64) within the
# window lock that username or address for the lockout; 0 turns a limit off. In the
# database, so every process shares the counts (apps.accounts.login_throttle).
CIVICMIND_LOGIN_MAX_FAILURES_PER_USER = env_int("CIVICMIND_LOGIN_MAX_FAILURES_PER_USER", 5, minimum=0)
CIVICMIND_LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("CIVICMIND_LOGIN_MAX_FAILURES_PER_ADDRESS", 20, minimum=0)
CIVICMIND_LOGIN_FAILURE_WINDOW_SECONDS = env_int("CIVICMIND_LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1)
CIVICMIND_LOGIN_LOCKOUT_SECONDS = env_int("CIVICMIND_LOGIN_LOCKOUT_SECONDS", 900, minimum=1)

# --- a frozen "today" (tests, demonstrations) ---
# CIVICMIND_TODAY=YYYY-MM-DD moves the clock by whole days so the city's date is that day
# (civicmind/clock.py); unset, the real date. The test suite sets it for itself and for
# every server process it starts.
from civicmind.clock import clock_shift_to, clock_today_from_env  # noqa: E402

CIVICMIND_TODAY = clock_today_from_env(env_str("CIVICMIND_TODAY", ""))
if CIVICMIND_TODAY:
    clock_shift_to(CIVICMIND_TODAY, TIME_ZONE)

# --- Open311 GeoReport v2 (/open311/v2/, docs/rest.md) ----------------------------------
CIVICMIND_OPEN311_JURISDICTION = env_str("CIVICMIND_OPEN311_JURISDICTION", "civic-city")
# POST /requests needs an api_key (an API key created with create_api_key) when on.
CIVICMIND_OPEN311_REQUIRE_API_KEY = env_bool("CIVICMIND_OPEN311_REQUIRE_API_KEY", False)
CIVICMIND_OPEN311_CONTACT = env_str("CIVICMIND_OPEN311_CONTACT", "City of Civic City 311, 311@civic-city.example")
CIVICMIND_OPEN311_CHANGESET = env_str("CIVICMIND_OPEN311_CHANGESET", "2026-12-07T00:00:00Z")

# --- resident notifications (apps.notifications, docs/events.md "Resident notifications") ---
# Emails to residents who left an address, sent by `manage.py notify_residents` (a worker,
# never a request). With EMAIL_HOST set they go out over SMTP; without, to the console.
INSTALLED_APPS += ["apps.notifications"]
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                        else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env_int("EMAIL_PORT", 587 if EMAIL_HOST else 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Django waits forever on a silent SMTP server by default; a worker must not.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
# An empty value (compose passes `${VAR:-}`) means the default, never an empty From or link.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or f"{CIVICMIND_CITY_NAME} <noreply@civic-city.example>"
# Where residents reach the admin listener: the base of the unsubscribe links in emails.
CIVICMIND_PUBLIC_URL = (env_str("CIVICMIND_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")
CIVICMIND_NOTIFY_MAX_ATTEMPTS = env_int("CIVICMIND_NOTIFY_MAX_ATTEMPTS", 5, minimum=1)
# `serve` runs the notifier as one of its children; off where another process runs it (the
# compose `notifier` service beside separate listeners) or where none should (a test's server).
CIVICMIND_NOTIFY_RESIDENTS = env_bool("CIVICMIND_NOTIFY_RESIDENTS", True)
