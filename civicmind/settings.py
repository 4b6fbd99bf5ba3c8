"""CivicMind settings: one module for every listener, configured from the environment.

The embedded default (no variables set) is SQLite plus the in-memory channel layer, so a
laptop needs nothing installed. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
DEBUG=false; `civicmind.checks` refuses to serve on the development secret key.
"""
from pathlib import Path

import dj_database_url

from civicmind.domains import admin_port_from_env, domain_ports_from_env
from civicmind.env import env_bool, env_int, env_list, env_str

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


def _database_from_env() -> dict:
    """Parse DATABASE_URL; the default is a SQLite file tuned for concurrent writers."""
    sqlite_default = f"sqlite:///{VAR_DIR / 'civicmind.sqlite3'}"
    url = env_str("DATABASE_URL") or sqlite_default
    # Long-lived worker threads keep their connections (see apps.mcp.workers).
    config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 600))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # Writers queue for the lock instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # Tests run a real server in a subprocess, which cannot see an in-memory database.
        config["TEST"] = {"NAME": str(VAR_DIR / "test_civicmind.sqlite3")}
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "capacity": 1500, "expiry": 30},
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

# --- MCP transport ---------------------------------------------------------------------
CIVICMIND_MCP_MAX_BODY_BYTES = env_int("CIVICMIND_MCP_MAX_BODY_BYTES", 8 * 1024 * 1024, minimum=1024)
CIVICMIND_ALLOWED_ORIGINS = env_list("CIVICMIND_ALLOWED_ORIGINS", [])
CIVICMIND_WORKER_THREADS = env_int("CIVICMIND_WORKER_THREADS", 4, minimum=1)

# --- Security (production values whenever DEBUG is off) --------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
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
