"""`manage.py check --deploy` is clean with the production environment of docker-compose.yml."""
import os
import subprocess
import sys

from tests.platform.deployfiles import BASE_DIR, REQUIRED_VARIABLES, load_compose


def production_env(tmp_path, **overrides) -> dict:
    """The admin service's environment as compose gives it, plus a PATH and a var dir."""
    environment = load_compose()["services"]["admin"]["environment"]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "CIVICMIND_VAR_DIR": str(tmp_path)}
    env.update({key: str(value) for key, value in environment.items()})
    env.update(overrides)
    return env


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_for_the_compose_environment(tmp_path):
    env = production_env(tmp_path)
    assert env["DEBUG"] == "false"
    assert env["SECRET_KEY"] == REQUIRED_VARIABLES["SECRET_KEY"]
    result = check_deploy(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_check_deploy_names_what_plain_http_gives_up(tmp_path):
    """The HTTPS switch is what makes the check clean: off, Django says what is missing."""
    result = check_deploy(production_env(tmp_path, CIVICMIND_HTTPS="false"))
    found = sorted(set(line.split(")")[0].split("(")[1] for line in result.stderr.splitlines()
                       if line.startswith("?: (security.")))
    assert found == ["security.W004", "security.W008", "security.W012", "security.W016"]


def test_check_deploy_fails_on_the_development_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = check_deploy(env)
    assert result.returncode == 1
    assert "?: (civicmind.E001) SECRET_KEY is the development default and DEBUG is off" in result.stderr
