"""Settings from the environment: typed helpers, the port map, DATABASE_URL parsing."""
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from civicmind import env
from civicmind.domains import DOMAINS, admin_port_from_env, domain_ports_from_env


@pytest.fixture
def clean_env(monkeypatch):
    """No CivicMind port variables, whatever the outer environment sets."""
    monkeypatch.delenv("CIVICMIND_ADMIN_PORT", raising=False)
    for domain in DOMAINS:
        monkeypatch.delenv(f"CIVICMIND_PORT_{domain.upper()}", raising=False)
    return monkeypatch


@pytest.mark.parametrize("raw, expected", [
    ("1", True), ("true", True), ("TRUE", True), (" yes ", True), ("on", True),
    ("0", False), ("false", False), ("No", False), ("off", False), ("", False),
])
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env.env_bool("X_FLAG", not expected) is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env.env_bool("X_FLAG", True) is True
    assert env.env_bool("X_FLAG", False) is False


def test_env_bool_refuses_other_words(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured) as raised:
        env.env_bool("X_FLAG")
    assert str(raised.value) == "X_FLAG must be true or false, not 'maybe'."


def test_env_int_parses_and_defaults(monkeypatch):
    monkeypatch.setenv("X_NUM", "42")
    assert env.env_int("X_NUM", 7) == 42
    monkeypatch.setenv("X_NUM", " ")
    assert env.env_int("X_NUM", 7) == 7
    monkeypatch.delenv("X_NUM")
    assert env.env_int("X_NUM", 7) == 7


@pytest.mark.parametrize("raw, minimum, message", [
    ("4.5", None, "X_NUM must be an integer, not '4.5'."),
    ("ten", None, "X_NUM must be an integer, not 'ten'."),
    ("0", 1, "X_NUM must be at least 1, not 0."),
])
def test_env_int_refuses_bad_values(monkeypatch, raw, minimum, message):
    monkeypatch.setenv("X_NUM", raw)
    with pytest.raises(ImproperlyConfigured) as raised:
        env.env_int("X_NUM", 7, minimum=minimum)
    assert str(raised.value) == message


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example , b.example,,")
    assert env.env_list("X_LIST", ["default"]) == ["a.example", "b.example"]
    monkeypatch.setenv("X_LIST", "")
    assert env.env_list("X_LIST", ["default"]) == []
    monkeypatch.delenv("X_LIST")
    assert env.env_list("X_LIST", ["default"]) == ["default"]


@pytest.mark.parametrize("raw, message", [
    ("0", "X_PORT must be at least 1, not 0."),
    ("65536", "X_PORT must be a TCP port (1-65535), not 65536."),
    ("http", "X_PORT must be an integer, not 'http'."),
])
def test_env_port_refuses_non_ports(monkeypatch, raw, message):
    monkeypatch.setenv("X_PORT", raw)
    with pytest.raises(ImproperlyConfigured) as raised:
        env.env_port("X_PORT", 9300)
    assert str(raised.value) == message


def test_default_ports_are_the_seeds(clean_env):
    assert domain_ports_from_env() == {
        "parking": 9300, "permits": 9301, "noise": 9302, "safety": 9303,
        "utilities": 9304, "transportation": 9305, "zoning": 9306, "environmental": 9307,
    }
    assert admin_port_from_env() == 8000


def test_a_port_variable_moves_one_domain(clean_env):
    clean_env.setenv("CIVICMIND_PORT_NOISE", "10302")
    ports = domain_ports_from_env()
    assert ports["noise"] == 10302
    assert ports["parking"] == 9300


def test_two_domains_on_one_port_are_refused(clean_env):
    clean_env.setenv("CIVICMIND_PORT_PERMITS", "9300")
    with pytest.raises(ImproperlyConfigured) as raised:
        domain_ports_from_env()
    assert str(raised.value) == "Port 9300 is configured for both parking and permits."


def test_a_domain_on_the_admin_port_is_refused(clean_env):
    clean_env.setenv("CIVICMIND_ADMIN_PORT", "9307")
    with pytest.raises(ImproperlyConfigured) as raised:
        domain_ports_from_env()
    assert str(raised.value) == "Port 9307 is configured for both admin and environmental."


def test_sqlite_url_gets_concurrency_options_and_a_file_test_database(tmp_path):
    db_file = tmp_path / "data" / "city.sqlite3"
    config = env.database_from_url(f"sqlite:///{db_file}", test_dir=tmp_path / "var")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(db_file)
    assert config["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    assert config["TEST"] == {"NAME": str(tmp_path / "var" / "test_city.sqlite3")}
    assert config["CONN_MAX_AGE"] == 600
    assert db_file.parent.is_dir()  # created, so a fresh clone needs no mkdir


def test_sqlite_url_options_win_over_the_defaults(tmp_path):
    config = env.database_from_url(f"sqlite:///{tmp_path / 'x.sqlite3'}?timeout=5", test_dir=tmp_path)
    assert config["OPTIONS"]["timeout"] == 5
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_is_parsed_with_health_checks_and_a_connect_timeout(tmp_path):
    config = env.database_from_url(
        "postgres://civic:s3cret@db.internal:5433/civicmind", test_dir=tmp_path,
        conn_max_age=60, connect_timeout=3,
    )
    assert {k: config[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")} == {
        "ENGINE": "django.db.backends.postgresql", "NAME": "civicmind", "USER": "civic",
        "PASSWORD": "s3cret", "HOST": "db.internal", "PORT": 5433,
    }
    assert config["OPTIONS"] == {"connect_timeout": 3}
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert "TEST" not in config  # Django's test_<name> on the same server


def test_postgres_url_query_options_are_kept(tmp_path):
    config = env.database_from_url("postgresql://u@h/db?sslmode=require&connect_timeout=9", test_dir=tmp_path)
    assert config["OPTIONS"] == {"sslmode": "require", "connect_timeout": 9}


def test_postgres_prepares_hot_statements_unless_told_not_to(tmp_path):
    prepared = env.database_from_url("postgres://u@h/db", test_dir=tmp_path, prepare_threshold=5)
    assert prepared["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5, "connect_timeout": 5}
    assert env.database_from_url("postgres://u@h/db", test_dir=tmp_path, prepare_threshold=0)["OPTIONS"] == {
        "connect_timeout": 5}
    sqlite = env.database_from_url(f"sqlite:///{tmp_path / 'x.sqlite3'}", test_dir=tmp_path, prepare_threshold=5)
    assert "server_side_binding" not in sqlite["OPTIONS"]


@pytest.mark.django_db
def test_a_repeated_look_up_becomes_a_prepared_statement_on_postgresql(django_db_blocker):
    from django.db import connection

    from apps.parking.selectors import citation_outstanding_report

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL setting")
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for plate in [f"PREP{n}" for n in range(threshold + 1)]:
        citation_outstanding_report(license_plate=plate)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "parking_citation"' in statement for statement in statements), statements


@pytest.mark.parametrize("url", [
    "mysql://root:hunter2@db/civic",
    "db.sqlite3",
    "sqlite://:memory:",
])
def test_unsupported_database_urls_are_refused_without_echoing_them(tmp_path, url):
    with pytest.raises(ImproperlyConfigured) as raised:
        env.database_from_url(url, test_dir=tmp_path)
    assert "hunter2" not in str(raised.value)
    assert str(raised.value).startswith("DATABASE_URL must ")


def test_settings_read_the_environment_in_a_fresh_process(tmp_path):
    """The settings module itself, imported with a production-like environment."""
    import json
    import subprocess
    import sys

    script = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS,"
        " 'engine': settings.DATABASES['default']['ENGINE'],"
        " 'layer': settings.CHANNEL_LAYERS['default']['BACKEND'],"
        " 'ports': settings.CIVICMIND_DOMAIN_PORTS, 'admin': settings.CIVICMIND_ADMIN_PORT,"
        " 'ssl': settings.SECURE_SSL_REDIRECT, 'hsts': settings.SECURE_HSTS_SECONDS}))"
    )
    environment = {
        "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "civicmind.settings",
        "CIVICMIND_VAR_DIR": str(tmp_path), "DEBUG": "false", "ALLOWED_HOSTS": "city.example,127.0.0.1",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/none", "REDIS_URL": "redis://127.0.0.1:1/0",
        "CIVICMIND_PORT_ZONING": "19306", "CIVICMIND_ADMIN_PORT": "18000", "CIVICMIND_HTTPS": "true",
    }
    output = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2],
                            env=environment, capture_output=True, text=True, check=True).stdout
    found = json.loads(output)
    assert found["debug"] is False
    assert found["hosts"] == ["city.example", "127.0.0.1"]
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["layer"] == "channels_redis.core.RedisChannelLayer"
    assert found["ports"]["zoning"] == 19306
    assert found["admin"] == 18000
    assert found["ssl"] is True
    assert found["hsts"] == 31536000
