"""docker-compose.yml, deploy/nginx.conf and the Dockerfile describe the production set-up.

No Docker engine runs here, so these read the files as compose and nginx would and check
that every listener is there, on its port, healthy-checked, behind nginx.
"""
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.contrib.auth.hashers import check_password

from civicmind.domains import DEFAULT_ADMIN_PORT, DEFAULT_FIRST_PORT, DOMAINS
from tests.platform.deployfiles import (
    BASE_DIR,
    COMPOSE_FILE,
    REQUIRED_VARIABLES,
    Nginx,
    interpolate,
    load_compose,
    load_compose_with_exactly,
)
from tests.servers import free_ports

PORTS = {domain: DEFAULT_FIRST_PORT + offset for offset, domain in enumerate(DOMAINS)}
LISTENERS = {**PORTS, "admin": DEFAULT_ADMIN_PORT}
IMAGE = "civicmind:latest"
NGINX_PORT = 9000


@pytest.fixture(scope="module")
def compose():
    return load_compose()


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def nginx():
    return Nginx.load()


def test_compose_has_exactly_the_production_services(services):
    assert set(services) == {"postgres", "redis", "migrate", "admin", "reconcile", "notifier", "nginx", *DOMAINS}


@pytest.mark.parametrize("name, port", LISTENERS.items())
def test_each_listener_is_daphne_on_its_port_with_a_health_check(services, name, port):
    service = services[name]
    assert service["image"] == IMAGE
    assert "build" not in service  # built once, by the migrate service
    assert service["command"] == ["daphne", "-v", "0", "-b", "0.0.0.0", "-p", str(port), "--proxy-headers",
                                  "civicmind.asgi:application"]
    assert service["expose"] == [str(port)]
    assert "ports" not in service  # published by nginx, the only one they trust for X-Forwarded-For
    assert service["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py",
                                              f"http://127.0.0.1:{port}/health/ready"]
    assert service["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"},
        "redis": {"condition": "service_healthy"},
    }


def test_every_civicmind_service_shares_one_image_and_one_environment(services):
    names = ["migrate", *LISTENERS]
    assert {services[name]["image"] for name in names} == {IMAGE}
    environments = [services[name]["environment"] for name in LISTENERS]
    assert all(environment == environments[0] for environment in environments)
    shared = environments[0]
    assert shared["DJANGO_SETTINGS_MODULE"] == "civicmind.settings"
    assert shared["DATABASE_URL"].startswith("postgres://civicmind:")
    assert shared["DATABASE_URL"].endswith("@postgres:5432/civicmind")
    assert shared["REDIS_URL"] == "redis://redis:6379/0"
    assert shared["CIVICMIND_PROXY_HEADERS"] == "true"  # only nginx and healthchecks reach them
    # migrate runs with the same settings, plus its own switches.
    assert {k: v for k, v in services["migrate"]["environment"].items() if k in shared} == shared


def test_debug_is_hard_coded_off_everywhere():
    raw = yaml.safe_load(COMPOSE_FILE.read_text())
    debug_values = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "DEBUG":
                    debug_values.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, str) and item.startswith("DEBUG="):
                    debug_values.append(item.split("=", 1)[1])
                walk(item)

    walk(raw)
    assert debug_values and set(debug_values) == {"false"}  # a literal: no ${DEBUG} to flip
    assert not re.search(r"DEBUG\s*[:=]\s*[\"']?(true|1|yes|on)", COMPOSE_FILE.read_text(), re.IGNORECASE)


def test_debug_stays_off_whatever_the_shell_sets():
    services = load_compose({"DEBUG": "true"})["services"]
    assert {services[name]["environment"]["DEBUG"] for name in ["migrate", *LISTENERS]} == {"false"}


def test_secrets_must_be_given_not_defaulted():
    with pytest.raises(KeyError, match="SECRET_KEY"):
        load_compose({"SECRET_KEY": ""})
    with pytest.raises(KeyError, match="POSTGRES_PASSWORD"):
        load_compose({"POSTGRES_PASSWORD": ""})


@pytest.mark.parametrize("value", [None, ""])
def test_the_metrics_token_must_be_given_not_left_empty(value):
    """Issue 11: an empty token left /metrics open to anything on the compose network."""
    variables = {key: item for key, item in REQUIRED_VARIABLES.items() if key != "CIVICMIND_METRICS_TOKEN"}
    if value is not None:
        variables["CIVICMIND_METRICS_TOKEN"] = value
    with pytest.raises(KeyError, match="CIVICMIND_METRICS_TOKEN"):
        load_compose_with_exactly(variables)
    shared = load_compose()["services"]["admin"]["environment"]
    assert shared["CIVICMIND_METRICS_TOKEN"] == REQUIRED_VARIABLES["CIVICMIND_METRICS_TOKEN"]


def test_migrate_is_one_shot_migrate_and_load_demo(services):
    migrate = services["migrate"]
    assert migrate["build"] == "."
    assert migrate["command"] == ["sh", "deploy/migrate.sh"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}


def test_the_migrate_script_migrates_loads_the_demo_and_makes_the_login(tmp_path):
    """Run deploy/migrate.sh as the container would (python on PATH), on a fresh SQLite file."""
    db_file = tmp_path / "fresh.sqlite3"
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "civicmind.settings",
        "CIVICMIND_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{db_file}",
        "DEBUG": "false",
        "CIVICMIND_ADMIN_PASSWORD": "harbor-lights-2041",
    }
    # One run (each is a full migrate): reruns are load_demo's and ensure_admin's own tests.
    output = run_migrate_script(env)
    assert "harbor-lights-2041" not in output  # compose keeps this output in its logs
    assert "user admin  password (the CIVICMIND_ADMIN_PASSWORD you set)" in output
    assert "Installed " in output  # loaddata's report: the demo city went in
    with sqlite3.connect(db_file) as db:
        (password_hash,) = db.execute("SELECT password FROM auth_user WHERE username = 'admin'").fetchone()
        places = db.execute("SELECT count(*) FROM places_place WHERE name = 'Downtown City Hall'").fetchone()
    assert check_password("harbor-lights-2041", password_hash)
    assert places == (1,)


def run_migrate_script(env: dict) -> str:
    result = subprocess.run(["sh", "deploy/migrate.sh"], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_postgres_and_redis_are_health_checked_and_not_published(services):
    assert services["postgres"]["healthcheck"]["test"] == [
        "CMD", "pg_isready", "-U", "civicmind", "-d", "civicmind"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == "pg-5tr0ng-pa55word"
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "ports" not in services["postgres"] and "ports" not in services["redis"]


def test_nginx_serves_port_9000_with_the_config_file_after_every_listener(services):
    proxy = services["nginx"]
    published = [NGINX_PORT, *LISTENERS.values()]
    assert sorted(proxy["ports"]) == sorted(f"{port}:{port}" for port in published)
    assert [name for name, service in services.items() if "ports" in service] == ["nginx"]
    assert proxy["volumes"] == ["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"]
    assert proxy["depends_on"] == {name: {"condition": "service_healthy"} for name in LISTENERS}
    assert proxy["healthcheck"]["test"][-1] == f"http://127.0.0.1:{NGINX_PORT}/health/live"


def test_nginx_names_an_upstream_for_every_listener(nginx):
    servers = sorted(server for upstream in nginx.upstreams.values() for server in upstream)
    assert servers == sorted(f"{name}:{port}" for name, port in LISTENERS.items())


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("kind", ["mcp", "health", "events"])
def test_nginx_routes_each_domain_path_to_that_domains_listener(nginx, services, domain, kind):
    upstream = nginx.upstream_servers_for(NGINX_PORT, f"/{kind}/{domain}/")
    assert upstream == [f"{domain}:{PORTS[domain]}"]
    assert services[domain]["expose"] == [str(PORTS[domain])]


@pytest.mark.parametrize("name, port", LISTENERS.items())
@pytest.mark.parametrize("path", ["/mcp", "/health", "/events", "/admin/", "/mcp/parking/"])
def test_nginx_passes_each_listener_port_to_the_listener_of_that_port(nginx, name, port, path):
    assert nginx.upstream_servers_for(port, path) == [f"{name}:{port}"]


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/static/admin/css/base.css", "/mcp",
                                  "/health"])
def test_nginx_sends_everything_else_to_the_admin(nginx, path):
    assert nginx.upstream_servers_for(NGINX_PORT, path) == [f"admin:{DEFAULT_ADMIN_PORT}"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_nginx_upgrades_event_streams_to_websockets(nginx, domain):
    path = f"/events/{domain}/"
    headers = nginx.headers_for(NGINX_PORT, path)
    assert headers["upgrade"] == "$http_upgrade"
    assert headers["connection"] == "$connection_upgrade"
    assert nginx.map_default("$connection_upgrade") == {"default": "upgrade", "": ""}
    assert nginx.setting_for(NGINX_PORT, path, "proxy_http_version") == ["1.1"]
    assert nginx.setting_for(NGINX_PORT, path, "proxy_read_timeout") == ["1h"]


def test_nginx_forwards_the_client_and_scheme(nginx):
    headers = nginx.headers_for(NGINX_PORT, "/admin/")
    assert headers["host"] == "$http_host"
    # Set, never appended to: the listeners believe the first address in it.
    assert headers["x-forwarded-for"] == "$remote_addr"
    assert headers["x-forwarded-proto"] == "$forwarded_proto"
    assert nginx.setting_for(NGINX_PORT, "/mcp/parking/", "client_max_body_size") == ["8m"]
    assert nginx.headers_for(9300, "/mcp") == headers


def test_interpolation_follows_compose_rules():
    variables = {"SET": "value", "EMPTY": ""}
    text = "${SET:-d} ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${SET} $$HOME"
    assert interpolate(text, variables) == "value d d  value $HOME"


def test_the_dockerfile_builds_one_python_311_image_running_daphne():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert "RUN pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    assert "COPY . ." in dockerfile
    assert re.search(r"^USER civicmind$", dockerfile, re.MULTILINE)
    assert ('CMD ["daphne", "-v", "0", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", '
            '"civicmind.asgi:application"]') in dockerfile


def test_the_image_keeps_what_the_services_run():
    ignored = [line.strip() for line in (BASE_DIR / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    for needed in ["deploy/healthcheck.py", "deploy/migrate.sh", "manage.py", "civicmind/asgi.py",
                   "requirements.txt", "requirements.lock", "fixtures/places/demo.json"]:
        assert (BASE_DIR / needed).exists()
        top = Path(needed).parts[0]
        assert top not in ignored and needed not in ignored, needed
    assert {".venv", "var", ".git"} <= set(ignored)


@pytest.mark.parametrize("path", ["/health", "/health/ready", "/health/live"])
def test_the_healthcheck_command_passes_on_a_healthy_listener(civic_server, path):
    result = subprocess.run([sys.executable, "deploy/healthcheck.py", f"{civic_server.base('zoning')}{path}"],
                            cwd=BASE_DIR, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_listeners_stay_in_service_while_redis_is_away_and_leave_it_without_the_database():
    """Issue 14 (6): readiness is the database; a Redis outage must not fail the healthchecks."""
    raw = yaml.safe_load(COMPOSE_FILE.read_text())
    for name, port in LISTENERS.items():
        assert raw["services"][name]["healthcheck"]["test"][-1] == f"http://127.0.0.1:{port}/health/ready"
    assert raw["x-civicmind-env"]["CIVICMIND_RATE_LIMIT_PROCESSES"] == str(len(LISTENERS))
    assert raw["services"]["migrate"]["environment"]["DB_STATEMENT_TIMEOUT_MS"] == "0"


def test_the_healthcheck_command_fails_when_nothing_answers():
    url = f"http://127.0.0.1:{free_ports(1)[0]}/health"
    result = subprocess.run([sys.executable, "deploy/healthcheck.py", url],
                            cwd=BASE_DIR, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{url}: ")


def test_the_compose_file_follows_the_compose_specification(compose):
    """Validate against the Compose Specification's JSON schema, as `docker compose config` does.

    tests/platform/compose-spec.json is schema/compose-spec.json from github.com/compose-spec/
    compose-spec (Apache License 2.0), commit 170098ba07d9f53c383a41bfd4c5166b0a4529a6.
    """
    schema = json.loads((Path(__file__).parent / "compose-spec.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    assert [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(compose)] == []
    broken = {**compose, "services": {**compose["services"], "parking": {
        **compose["services"]["parking"], "depends_on": {"migrate": {"condition": "service_done"}}}}}
    assert not validator.is_valid(broken)  # the schema does catch mistakes
