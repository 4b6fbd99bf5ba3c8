"""No block of code repeated between two domain apps: what they share lives once in apps/core (issue 13).

The check of pylint's `duplicate-code` (pylint is not a dependency): files are compared as
stripped lines without blank lines, comments, docstrings and imports, and a run of
MIN_LINES equal lines found in two different domain apps is a repeat. It covers every
module of all eight domain apps (models, services with their status machines, selectors,
tools, answers, admin and admin moves, locks, prompts, resources, catalogues, fields,
errors, packages included) and the migrations that moved the counters to core; the older
migrations are history and are left out. MIN_LINES is 6, the threshold of the
`duplicates` review the issue counted with; one shared field declaration of four lines
(latitude, longitude, description, contact) is data, not a block to move.
"""
import ast
import io
import tokenize
from itertools import combinations
from pathlib import Path

from django.apps import apps as registry

APPS = Path(__file__).resolve().parents[2] / "apps"
DOMAINS = ["parking", "permits", "noise", "safety", "utilities", "transportation", "zoning", "environmental"]
MIN_LINES = 6
# Per domain app: the files that must not repeat another domain's (globs below apps/<domain>/).
SCOPE = ["*.py", "*/*.py", "migrations/*_in_core.py"]


def significant_lines(source: str) -> list[tuple[int, str]]:
    """Return (line number, stripped text) of the lines a duplicate check compares."""
    skipped = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skipped.update(range(node.lineno, node.end_lineno + 1))
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            skipped.update(range(body[0].lineno, body[0].end_lineno + 1))
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
    return [(number, text.strip()) for number, text in enumerate(lines, start=1)
            if number not in skipped and text.strip()]


def repeated_blocks(first: list[tuple[int, str]], second: list[tuple[int, str]], minimum: int = MIN_LINES):
    """Yield (first line, second line, length) of each maximal run of `minimum` or more equal lines."""
    where = {}
    for j, (_, text) in enumerate(second):
        where.setdefault(text, []).append(j)
    for i, (_, text) in enumerate(first):
        for j in where.get(text, ()):
            if i and j and first[i - 1][1] == second[j - 1][1]:
                continue  # inside a run already reported from its start
            length = 0
            while i + length < len(first) and j + length < len(second) and \
                    first[i + length][1] == second[j + length][1]:
                length += 1
            if length >= minimum:
                yield first[i][0], second[j][0], length


def scoped_files(apps: Path = APPS) -> dict[str, list[Path]]:
    return {domain: sorted({path for pattern in SCOPE for path in (apps / domain).glob(pattern)
                            if path.parent.name != "migrations" or path.name.endswith("_in_core.py")})
            for domain in DOMAINS}


def repeats_between_domains(apps: Path = APPS) -> list[str]:
    files = scoped_files(apps)
    lines = {path: significant_lines(path.read_text()) for paths in files.values() for path in paths}
    found = []
    for one, other in combinations(DOMAINS, 2):
        for a in files[one]:
            for b in files[other]:
                for line_a, line_b, length in repeated_blocks(lines[a], lines[b]):
                    found.append(f"{a.relative_to(apps)}:{line_a} ~ {b.relative_to(apps)}:{line_b} ({length} lines)")
    return found


def test_no_block_repeats_between_two_domain_apps():
    found = repeats_between_domains()
    assert found == [], "Repeated between domain apps (move it to apps/core):\n" + "\n".join(found)


def test_counters_and_lock_rows_are_tables_of_core_only():
    # The shapes each domain used to copy: a counter (prefix/year + last number) or a row kept only to be locked.
    copies = []
    for domain in DOMAINS:
        for model in registry.get_app_config(domain).get_models():
            fields = {field.name for field in model._meta.concrete_fields} - {"id"}
            if fields & {"last_number", "last_value"} or model.__name__.endswith("Lock"):
                copies.append(model._meta.label)
    assert copies == []
    # Core's tables: the counters, the lock rows, and the demo payment processor's memory (every
    # domain that takes money charges through the one gateway).
    assert {model.__name__ for model in registry.get_app_config("core").get_models()} == {
        "ReferenceSequence", "KeyedLock", "DemoCharge"}


def test_the_scope_covers_every_role_of_every_domain_and_only_the_move_migrations():
    files = scoped_files()
    for role in ("locks.py", "apps.py", "prompts.py", "resources.py"):
        assert all(any(p.name == role for p in files[d]) for d in DOMAINS), role
    assert all(any(p.parent.name == "models" or p.name == "models.py" for p in files[d]) for d in DOMAINS)
    assert all(any(p.parent.name == "admin" or p.name == "admin.py" for p in files[d]) for d in DOMAINS)
    assert sum(p.parent.name == "migrations" for paths in files.values() for p in paths) == len(DOMAINS)


def test_the_check_finds_a_block_copied_with_other_comments_and_docstrings():
    original = '''"""One."""
import os


def lock(*, reference):
    """Lock it."""
    row = Model.objects.select_for_update().filter(reference=reference).order_by("pk").first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, MESSAGE.format(reference=reference), field="reference")
    return row
'''
    copy = original.replace('"""Lock it."""', '"""Lock the other."""  # a comment').replace("import os", "")
    assert list(repeated_blocks(significant_lines(original), significant_lines(copy), minimum=4)) == [(5, 5, 5)]
    changed = copy.replace("if row is None:", "if not row:")
    assert list(repeated_blocks(significant_lines(original), significant_lines(changed), minimum=4)) == []
