"""The protocol knows no domain: apps/mcp imports no domain app (STYLE.md, point 5)."""
import ast
from pathlib import Path

from civicmind.domains import DOMAINS

MCP_DIR = Path(__file__).resolve().parents[2] / "apps" / "mcp"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_apps_mcp_imports_no_domain_app():
    offenders = {
        f"{path.relative_to(MCP_DIR)}: {module}"
        for path in MCP_DIR.rglob("*.py")
        for module in imported_modules(path)
        if any(module == f"apps.{domain}" or module.startswith(f"apps.{domain}.") for domain in DOMAINS)
    }
    assert offenders == set()
    assert len(list(MCP_DIR.rglob("*.py"))) > 10  # the scan saw the package
