"""requirements*.lock pin the whole dependency tree with hashes, and every install uses them.

requirements.txt / requirements-dev.txt are the human-edited direct pins; scripts/lock.sh
compiles them into the locks (issue 11, item 6: 21 transitive packages were unpinned).
"""
import re
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(?P<version>[^\s;\\]+)")
HASH = re.compile(r"^--hash=sha256:[0-9a-f]{64}$")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(path: Path) -> dict[str, str]:
    """{name: version} of a requirements file, following its -r includes."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins.update(direct_pins(path.parent / line[3:].strip()))
            continue
        found = PIN.match(line)
        assert found, f"{path.name}: {line!r} is not pinned with =="
        pins[normalized(found["name"])] = found["version"]
    return pins


def lock_entries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """{name: (version, hashes)} of a lock; fails on any line that is not a pin, a hash or a comment."""
    entries, current = {}, None
    lines = path.read_text().splitlines()
    assert lines, f"{path.name} is empty"
    for number, raw in enumerate(lines, 1):
        line = raw.strip().removesuffix("\\").strip()
        if not line or line.startswith("#"):
            continue
        if raw[0].isspace():
            assert current is not None and HASH.match(line), f"{path.name}:{number}: {raw!r}"
            entries[current][1].append(line)
            continue
        found = PIN.match(line)
        assert found and raw.rstrip().endswith("\\"), f"{path.name}:{number}: {raw!r} is not name==version \\"
        current = normalized(found["name"])
        assert current not in entries, f"{path.name}: {current} twice"
        entries[current] = (found["version"], [])
    return entries


@pytest.mark.parametrize("requirements, lock", [("requirements.txt", "requirements.lock"),
                                                ("requirements-dev.txt", "requirements-dev.lock")])
def test_the_lock_pins_every_requirement_with_hashes(requirements, lock):
    entries = lock_entries(BASE_DIR / lock)
    assert all(hashes for _, hashes in entries.values()), [n for n, (_, h) in entries.items() if not h]
    pins = direct_pins(BASE_DIR / requirements)
    missing = {name: version for name, version in pins.items() if entries.get(name, (None,))[0] != version}
    assert missing == {}, f"{lock} is stale: run scripts/lock.sh"
    assert len(entries) > len(pins)  # the transitive packages are there too


def test_the_runtime_and_dev_locks_agree_on_every_version():
    runtime = lock_entries(BASE_DIR / "requirements.lock")
    dev = lock_entries(BASE_DIR / "requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_psycopg_pool_is_neither_pinned_nor_used():
    assert "psycopg-pool" not in direct_pins(BASE_DIR / "requirements.txt")
    assert "psycopg-pool" not in lock_entries(BASE_DIR / "requirements.lock")
    sources = [p for top in ("apps", "civicmind", "deploy") for p in (BASE_DIR / top).rglob("*.py")]
    assert not [p for p in sources if re.search(r"psycopg_pool|\"pool\"\s*:", p.read_text())]


def test_every_install_goes_through_a_lock_with_hashes():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "COPY requirements.lock ./" in dockerfile
    assert "RUN pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    assert not re.search(r"pip install[^\n]*requirements\.txt", dockerfile)
    bootstrap = (BASE_DIR / "scripts" / "bootstrap.sh").read_text()
    assert 'pip install --quiet --require-hashes --no-deps -r "$lock"' in bootstrap
    assert "scripts/bootstrap.sh requirements.lock" in (BASE_DIR / "scripts" / "run.sh").read_text()
    assert "scripts/bootstrap.sh requirements-dev.lock" in (BASE_DIR / "scripts" / "test.sh").read_text()
    assert "scripts/test.sh" in (BASE_DIR / ".ci" / "run").read_text()  # CI installs through test.sh


def test_bootstrap_refuses_an_unlocked_requirements_file():
    result = subprocess.run(["bash", "scripts/bootstrap.sh", "requirements.txt"], cwd=BASE_DIR,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "bootstrap.sh installs a lock file (requirements.lock or requirements-dev.lock), not requirements.txt" \
        in result.stderr


def test_the_lock_script_is_pinned_and_ignores_the_machines_pip_configuration():
    script = (BASE_DIR / "scripts" / "lock.sh").read_text()
    assert re.search(r"^PIP_TOOLS_VERSION=\d+\.\d+\.\d+$", script, re.MULTILINE)
    assert "--generate-hashes" in script and "--allow-unsafe" in script
    assert "PIP_CONFIG_FILE=/dev/null" in script
    for lock in ("requirements.lock", "requirements-dev.lock"):
        assert "#    scripts/lock.sh" in (BASE_DIR / lock).read_text()
