"""docs/deployment.md keeps up with the code: every variable the settings read, every port."""
import re
from pathlib import Path

import pytest

from civicmind.domains import DEFAULT_ADMIN_PORT, DEFAULT_FIRST_PORT, DOMAINS
from tests.platform.deployfiles import COMPOSE_FILE

BASE_DIR = Path(__file__).resolve().parents[2]
DOC = (BASE_DIR / "docs" / "deployment.md").read_text()
ENV_CALL = re.compile(r"""env_(?:str|bool|int|list|port)\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def variables_read_by_settings() -> set[str]:
    names = set()
    for module in ("civicmind/settings.py", "civicmind/domains.py"):
        names |= set(ENV_CALL.findall((BASE_DIR / module).read_text()))
    names |= {f"CIVICMIND_PORT_{domain.upper()}" for domain in DOMAINS}  # built with an f-string
    return names


def test_the_scan_finds_the_settings_variables():
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS",
            "CIVICMIND_ADMIN_PORT", "CIVICMIND_PORT_PARKING"} <= variables_read_by_settings()


def test_every_variable_the_settings_read_is_documented():
    missing = sorted(name for name in variables_read_by_settings() if f"`{name}`" not in DOC)
    assert missing == []


def test_every_variable_compose_takes_from_the_shell_is_documented():
    names = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", COMPOSE_FILE.read_text()))
    assert "SECRET_KEY" in names
    assert sorted(name for name in names if f"`{name}`" not in DOC) == []


@pytest.mark.parametrize("name, port", [("admin / all domains", DEFAULT_ADMIN_PORT),
                                        *((d, DEFAULT_FIRST_PORT + i) for i, d in enumerate(DOMAINS))])
def test_the_ports_table_lists_every_listener(name, port):
    assert re.search(rf"^\| {port} \| {re.escape(name)} \|", DOC, re.MULTILINE)


def test_the_documented_commands_are_the_real_ones():
    assert "daphne -v 0 -b 0.0.0.0 -p 9301 civicmind.asgi:application" in DOC
    assert "make run     # scripts/run.sh" in DOC and (BASE_DIR / "scripts" / "run.sh").exists()
    assert "make test    # scripts/test.sh" in DOC and (BASE_DIR / "scripts" / "test.sh").exists()
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "run:" in makefile and "\tscripts/run.sh" in makefile
    assert "test:" in makefile and "\tscripts/test.sh" in makefile
