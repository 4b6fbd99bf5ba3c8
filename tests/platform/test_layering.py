"""Imports run one way: core → places → accounts → mcp/events → domains → business.

Read from the source with `ast` (imports inside functions count too): no domain app
imports another domain app, the shared apps below the domains import neither a domain
nor apps.business, and among the shared apps each imports only those before it (mcp and
events are one layer). What spans domains lives in apps.business, which nothing imports.
Management commands are entry points (`serve` assembles the audit log and the supervisor,
`load_demo` the gazetteer): they may use any shared app, still no domain.
"""
import ast
from pathlib import Path

import pytest

from civicmind.domains import DOMAINS

APPS_DIR = Path(__file__).resolve().parents[2] / "apps"
SHARED = ("core", "places", "accounts", "mcp", "events")
LAYER = {"core": 0, "places": 1, "accounts": 2, "mcp": 3, "events": 3}
# REST and Open311 sit above everything; so do resident notifications (they read every domain).
ABOVE_SHARED = (*DOMAINS, "business", "notifications", "api", "open311")


def imported_apps(source: str) -> set[str]:
    """Return the app labels (`parking` for `apps.parking.models`) a module's source imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
            if node.module == "apps":  # from apps import parking
                modules = [f"apps.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {module.split(".")[1] for module in modules if module.startswith("apps.")}
    return found


def layering_offences(apps_dir: Path) -> list[str]:
    """Return "app/module.py imports apps.other" for every import against the reading order."""
    offences = []
    for path in sorted(apps_dir.rglob("*.py")):
        app = path.relative_to(apps_dir).parts[0]
        if app in DOMAINS:
            forbidden = {*DOMAINS, "business", "notifications"} - {app}
        elif app in SHARED:
            forbidden = set(ABOVE_SHARED)
            if "commands" not in path.relative_to(apps_dir).parts:
                forbidden |= {other for other in SHARED if LAYER[other] > LAYER[app]}
        else:
            continue
        for other in sorted(imported_apps(path.read_text()) & forbidden):
            offences.append(f"{path.relative_to(apps_dir)} imports apps.{other}")
    return offences


def test_no_domain_imports_another_and_shared_apps_import_no_domain():
    assert layering_offences(APPS_DIR) == []
    assert len(list((APPS_DIR / "parking").rglob("*.py"))) > 20  # the scan saw the apps


@pytest.mark.parametrize("app, source, offence", [
    ("parking", "from apps.zoning.selectors import compliance_check\n", "parking/bad.py imports apps.zoning"),
    ("permits", "def f():\n    import apps.parking.models\n", "permits/bad.py imports apps.parking"),
    ("noise", "from apps.business.requirements import peak_hours_parse\n", "noise/bad.py imports apps.business"),
    ("mcp", "from apps import safety\n", "mcp/bad.py imports apps.safety"),
    ("core", "from apps.business import planning\n", "core/bad.py imports apps.business"),
    ("permits", "from apps.notifications.models import ResidentNotification\n",
     "permits/bad.py imports apps.notifications"),
    ("core", "from apps.accounts.audit import audit_writer\n", "core/bad.py imports apps.accounts"),
    ("accounts", "def f():\n    from apps.mcp.registry import Tool\n", "accounts/bad.py imports apps.mcp"),
    ("places", "import apps.events.services\n", "places/bad.py imports apps.events"),
])
def test_an_import_against_the_order_is_found(tmp_path, app, source, offence):
    (tmp_path / app).mkdir()
    (tmp_path / app / "bad.py").write_text(source)
    assert layering_offences(tmp_path) == [offence]


@pytest.mark.parametrize("app, source", [
    ("business", "from apps.parking.models import Citation\nfrom apps.zoning.selectors import compliance_check\n"),
    ("parking", "from apps.parking.models import Citation\nfrom apps.core.money import CURRENCY\n"),
    ("accounts", "from apps.core.errors import ServiceError\n"),
    ("events", "from apps.mcp.registry import Access\nfrom apps.accounts.principals import Principal\n"),
])
def test_imports_along_the_order_are_allowed(tmp_path, app, source):
    (tmp_path / app).mkdir()
    (tmp_path / app / "fine.py").write_text(source)
    assert layering_offences(tmp_path) == []
