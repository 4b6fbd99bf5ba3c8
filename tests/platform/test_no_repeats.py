"""No block of code repeated between two domain apps' status machines and admin actions (issue 13).

What every domain needs (the status machine with its timeline, read-only record pages,
workflow moves) lives once in apps/core; a domain declares only its own tables and moves.
This check keeps it so, in the spirit of pylint's `duplicate-code`: it compares the code
lines (docstrings, comments, imports and blank lines left out, indentation ignored) of the
flat domain apps' modules (models, services, selectors, tools, answers, admin, admin moves,
prompts, resources, catalogue, fields, errors, locks), and fails on any run of MIN_LINES
identical lines that two different domain apps both contain. (tests/platform/test_duplicates.py
checks locks and counter migrations by shape as well.)
"""
import ast
import io
import tokenize
from collections import defaultdict
from pathlib import Path

APPS = Path(__file__).resolve().parents[2] / "apps"
DOMAINS = ("noise", "safety", "utilities", "transportation", "zoning", "environmental")
MODULES = ("models.py", "services.py", "selectors.py", "tools.py", "answers.py", "admin.py", "admin_moves.py",
           "prompts.py", "resources.py", "catalogue.py", "fields.py", "errors.py", "apps.py", "locks.py")
MIN_LINES = 6


def _skipped_lines(source: str) -> set[int]:
    """Line numbers of docstrings and imports."""
    skipped = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skipped.update(range(node.lineno, node.end_lineno + 1))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            skipped.update(range(body[0].lineno, body[0].end_lineno + 1))
    return skipped


def code_lines(source: str) -> list[tuple[int, str]]:
    """(line number, stripped text) of the lines that carry code, comments removed."""
    comments = {tok.start[0]: tok.start[1] for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                if tok.type == tokenize.COMMENT}
    skipped = _skipped_lines(source)
    lines = []
    for number, text in enumerate(source.splitlines(), start=1):
        if number in comments:
            text = text[:comments[number]]
        text = text.strip()
        if text and number not in skipped:
            lines.append((number, text))
    return lines


def repeated_runs(files: dict[str, str], min_lines: int = MIN_LINES) -> list[str]:
    """Runs of `min_lines` identical code lines found in files of two different apps."""
    seen = defaultdict(list)
    for name, source in files.items():
        lines = code_lines(source)
        for start in range(len(lines) - min_lines + 1):
            window = tuple(text for _, text in lines[start:start + min_lines])
            seen[window].append((name, lines[start][0]))
    found = []
    for window, places in seen.items():
        apps = {name.split("/")[0] for name, _ in places}
        if len(apps) > 1:
            found.append(" ~ ".join(f"{name}:{line}" for name, line in places) + "\n    " + "\n    ".join(window))
    return found


def domain_files() -> dict[str, str]:
    return {f"{domain}/{module}": (APPS / domain / module).read_text()
            for domain in DOMAINS for module in MODULES if (APPS / domain / module).exists()}


def test_the_checker_finds_a_block_two_apps_share_and_ignores_one_app_repeating_itself():
    block = "".join(f"    value_{i} = compute({i})\n" for i in range(MIN_LINES))
    files = {"a/admin.py": f'"""Doc."""\nimport os\n\n\ndef f():\n{block}',
             "b/admin.py": f"def g():  # other\n{block}    return None\n",
             "c/admin.py": f"def h():\n{block}\n\ndef k():\n{block}"}
    found = repeated_runs(files)
    assert found and all("a/admin.py" in run and "b/admin.py" in run for run in found)
    assert repeated_runs({"a/admin.py": files["a/admin.py"], "a/services.py": files["b/admin.py"]}) == []
    commented = "def f():\n" + "".join(f"{line}  # note\n" for line in block.splitlines())
    nested = "class C:\n    def f(self):\n" + block.replace("    ", "        ")
    assert repeated_runs({"a/x.py": commented, "b/x.py": nested})


def test_no_block_repeats_between_two_domain_apps():
    found = repeated_runs(domain_files())
    assert found == [], "Repeated between domain apps (move it to apps/core):\n" + "\n".join(found)
