"""Every tool's answers over the demo city read true: no pattern that misleads a resident.

Each registered tool is called with its examples (tests/helpers/tool_examples.py) on the
demo city at the suite's frozen today, and every answer's text (content[0].text) is read
for the patterns below: each a regular expression (or a check) with the reason it misleads.
A tool without examples fails, so a new tool is read too. Pairs that other branches are
fixing right now are listed in EXPECTED_TO_BE_FIXED (strict xfail): when a fix lands the
test passes, the xfail fails, and the entry is deleted.
"""
import datetime as dt
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from apps.accounts.principals import Principal
from apps.mcp.calls import run_tool
from apps.mcp.registry import Access, registry
from tests.helpers.tool_examples import EXPLICIT_TIME_ARGUMENTS, STAFF, TOOL_EXAMPLES, Earlier

TOOLS = sorted(registry.tools)
# The module's answers are rendered once (the `answers` fixture, rolled back); the mark makes
# pytest-django set up the test database even when only these tests are collected.
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Answer:
    arguments: dict
    viewer: str
    text: str


@dataclass(frozen=True)
class Pattern:
    """One way a text misleads: `find(answer)` returns the offending snippets."""

    name: str
    reason: str
    find: Callable[[Answer], list[str]]


def _regex(expression: str, flags: int = re.MULTILINE) -> Callable[[Answer], list[str]]:
    compiled = re.compile(expression, flags)
    return lambda answer: [match.group(0) for match in compiled.finditer(answer.text)]


# Words that end in "s" but are singular ("1 business", "1 bus").
_SINGULAR_S = r"(?:business|address|bus|class|status|access|gas|glass|kiss|pass|plus|series|news|analysis|minus)"
_UNITS = (r"(?:day|week|month|year|hour|minute|report|space|spot|item|unit|complaint|citation|violation|"
          r"inspection|permit|document|outage|incident|request|stop|departure|alert|issue|customer|pickup|"
          r"seat|person|mile|fee|bill|application|variance|program|resident|household|vehicle|time)")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, )?(?:{_MONTHS}) \d{{1,2}}(?:, \d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}"
_UPCOMING = r"(?:booked for|scheduled for|restored by|restoration by|respond(?:s)? by|due by|expected by|" \
            r"arrives? on|hearing on|pickup on|on the calendar for|crews respond by|Next inspection:|Estimated restoration:)"
_TIMELINE_ROW = re.compile(rf"^\s*(?:[-*•]\s*)?\**(?:{_DATE})(?: at [\d:]+ ?[AP]M)?(?: \d{{2}}:\d{{2}})?\**:")
_PAST_FLAGS = re.compile(r"overdue|past due|passed|missed|late|was |ago|yesterday|expired|ended|not met|behind",
                         re.IGNORECASE)


def _parse_day(text: str, today: dt.date) -> dt.date | None:
    text = re.sub(r"^\w+day, ", "", text)
    for form in ("%Y-%m-%d", "%B %d, %Y", "%B %d"):
        try:
            day = dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
        return day if "Y" in form else day.replace(year=today.year)
    return None


def _past_dates_worded_as_upcoming(answer: Answer) -> list[str]:
    today = timezone.localdate()
    found = []
    for line in answer.text.splitlines():
        if _TIMELINE_ROW.match(line):
            continue  # a dated history row ("- 2026-11-16: … scheduled for 2026-11-20") tells what was said then
        for match in re.finditer(rf"{_UPCOMING}[:*\s]*({_DATE})", line, re.IGNORECASE):
            day = _parse_day(match.group(1), today)
            if day and day < today and not _PAST_FLAGS.search(line):
                found.append(line.strip())
    return found


def _distances_not_in_the_one_form(answer: Answer) -> list[str]:
    found = []
    for match in re.finditer(r"([\d.,]+) (miles?)\b", answer.text):
        number, unit = match.groups()
        one_form = re.fullmatch(r"\d{1,3}(?:,\d{3})*\.\d", number) and (unit == "mile") == (number == "1.0")
        if not one_form or number == "0.0":
            found.append(match.group(0))
    return found


def _free_spaces_advice_without_any(answer: Answer) -> list[str]:
    advice = re.findall(r"^.*\bfree spaces\b.*$", answer.text, re.MULTILINE | re.IGNORECASE)
    if not advice or re.search(r"\b[1-9][\d,]* (?:of them )?free\b|💵 free\b", answer.text):
        return []
    return [line.strip() for line in advice]


def _now_about_an_explicit_time(answer: Answer) -> list[str]:
    if not EXPLICIT_TIME_ARGUMENTS & set(answer.arguments):
        return []
    return [line.strip() for line in answer.text.splitlines()
            if re.search(r"\b(?:right now|now|currently)\b", line, re.IGNORECASE)]


def _done_heading_listing_a_todo(answer: Answer) -> list[str]:
    found, heading = [], None
    for line in answer.text.splitlines():
        stripped = line.strip()
        if stripped.startswith("✅") and "**" in stripped:
            heading = stripped
            continue
        if heading and re.match(r"^(?:[-*•]|\d+\.)\s", stripped):
            if re.search(r"\b(?:must|need to|needs to|is required|are required|required before|"
                         r"register|apply for|submit|obtain)\b", stripped, re.IGNORECASE):
                found.append(f"{heading} / {stripped}")
            continue
        heading = None
    return found


PATTERNS = [
    Pattern("plural_after_one", "one thing takes the singular: \"(1 reports)\", \"1 spaces\", \"1 days\"",
            _regex(rf"(?<![\d.,$:/-])\b1 (?!{_SINGULAR_S}\b){_UNITS}s\b")),
    Pattern("hedged_plural", "a count knows its number: \"1 citation(s)\" is \"1 citation\"",
            _regex(r"\b\d[\d,]* \w+\(s\)")),
    Pattern("singular_after_many", "two or more take the plural: \"3 day\", \"12 space\" (a hyphenated "
            "\"30-day\" is fine)", _regex(rf"(?<![\d.,$:/-])\b(?:[02-9]|\d{{2,}}) {_UNITS}\b(?![-s])(?! \w+-)")),
    Pattern("lowercase_inside_title", "a title cased heading with a lowercase word inside reads as a slip: "
            "\"Active electric Outages\"",
            _regex(r"\*\*[^*\n]*\b[A-Z][a-z]+ (?!(?:of|and|the|for|in|at|on|to|a|an|or|by|with|near|from|per|"
                   r"vs|via|into|after|before|until|under|over)\b)[a-z]{2,} [A-Z][a-z]+[^*\n]*\*\*")),
    Pattern("zero_next_to_check", "a ✅ next to a count of zero tells the resident something is there when "
            "nothing is: \"✅ 0 of 8 spaces available\"",
            _regex(r"^[^\n]*✅[^\n]*(?<![\d.,$])\b0 (?:of \d+ )?[a-z][^\n]*$|"
                   r"^[^\n]*(?<![\d.,$])\b0 (?:of \d+ )?[a-z][^\n]*✅[^\n]*$")),
    Pattern("done_heading_lists_a_todo", "a ✅ heading says nothing is left to do; a to-do under it "
            "contradicts it: \"✅ Permit Requirements Met: Business must register\"", _done_heading_listing_a_todo),
    Pattern("distance_form", "distances have one wording (apps.core.wording.miles_text): \"0.4 miles\", "
            "\"less than 0.1 miles\", never \"0.00 miles\" or \"0.0 miles\"",
            _distances_not_in_the_one_form),
    Pattern("past_date_worded_as_upcoming", "a date before today after \"booked for\", \"restored by\", "
            "\"respond by\", … without an overdue / past flag promises what has already not happened",
            _past_dates_worded_as_upcoming),
    Pattern("now_about_an_explicit_time", "an answer about an explicit time the caller gave must not speak of "
            "\"now\"", _now_about_an_explicit_time),
    Pattern("free_spaces_advice_without_free_spaces", "advice to use free spaces only when the answer "
            "lists some", _free_spaces_advice_without_any),
    Pattern("leftover_value", "a Python or JSON value leaked into prose: None, null, {…}, $-, nan",
            _regex(r"\bNone\b|\bnull\b|\{[^{}\n]*\}|\$-|\bnan\b|\bNaN\b|\bundefined\b")),
    Pattern("double_space", "two spaces inside a line are a join of an empty part",
            _regex(r"\S {2,}\S")),
    Pattern("empty_bullet", "a bullet or numbered item with nothing after it", _regex(r"^\s*(?:[-*•]|\d+\.)\s*$")),
    Pattern("empty_label", "a label with no value: \"- Location:\" at the end of a line",
            _regex(r"^\s*[-*•] \**[A-Z][\w ]*:\**\s*$")),
]
PATTERN_NAMES = [pattern.name for pattern in PATTERNS]

# (domain, tool, pattern) that other branches of issue 15 are fixing in their own domains; delete
# an entry once its fix is merged (the strict xfail then fails, saying so).
_PERMITS = "permits (permits15): wording of permits' answers"
_ZONING = "zoning + business (zoning15): plan_business_opening and analyze_requirements live in apps/business"
_UTILITIES = "utilities + transportation (utilities15)"
_RESIDENTS = "noise + environmental + safety (residents15)"
EXPECTED_TO_BE_FIXED: dict[tuple[str, str, str], str] = {
}


def _staff_principal():
    from django.contrib.auth import get_user_model

    from apps.accounts.services import api_key_create

    owner = get_user_model().objects.create_user(username="text-reader", password="x" * 20)
    issued = api_key_create(name="every desk", owner=owner, domains=[], access_level="staff")
    key = issued.api_key
    return Principal(name=key.name, key_id=key.pk, domains=frozenset(), level=Access.STAFF, prefix=key.prefix)


def _render_all() -> dict[tuple[str, str], list[Answer]]:
    call_command("loaddata", "demo", verbosity=0)
    staff = _staff_principal()
    answers, structured = {}, {}
    for key, examples in TOOL_EXAMPLES.items():
        tool = registry.tools.get(key)
        answers[key], structured[key] = [], []
        for arguments, viewer in examples if tool else []:
            arguments = {name: structured[value.tool][value.index][value.field] if isinstance(value, Earlier)
                         else value for name, value in arguments.items()}
            call = SimpleNamespace(listener=tool.domain, version="2025-11-25",
                                   principal=staff if viewer == STAFF else None,
                                   client_address="127.0.0.1", request_id="text-check")
            result = run_tool(tool, arguments, call)
            answers[key].append(Answer(arguments=arguments, viewer=viewer, text=result.text))
            structured[key].append(result.structured or {})
    return answers


@pytest.fixture(scope="module")
def answers(django_db_setup, django_db_blocker):
    """Every example's answer over one demo city, rendered once for the module and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        rendered = _render_all()
        transaction.set_rollback(True)
    return rendered


def test_expected_failures_name_real_tools_and_patterns():
    unknown = [key for key in EXPECTED_TO_BE_FIXED if key[:2] not in registry.tools or key[2] not in PATTERN_NAMES]
    assert unknown == []


def test_every_registered_tool_has_examples():
    missing = [f"{domain}.{name}" for domain, name in TOOLS if not TOOL_EXAMPLES.get((domain, name))]
    assert missing == [], "add examples to tests/helpers/tool_examples.py"
    stale = sorted(f"{domain}.{name}" for domain, name in set(TOOL_EXAMPLES) - set(TOOLS))
    assert stale == []


def _cases():
    for domain, name in TOOLS:
        for pattern in PATTERNS:
            marks = []
            why = EXPECTED_TO_BE_FIXED.get((domain, name, pattern.name))
            if why:
                marks.append(pytest.mark.xfail(strict=True, reason=why))
            yield pytest.param(domain, name, pattern, marks=marks, id=f"{domain}.{name}-{pattern.name}")


@pytest.mark.parametrize("domain, name, pattern", list(_cases()))
def test_answer_text(answers, domain, name, pattern):
    offences = [(answer.viewer, answer.arguments, snippet)
                for answer in answers.get((domain, name), []) for snippet in pattern.find(answer)]
    assert offences == [], f"{pattern.reason}: {offences}"


def test_the_patterns_catch_what_they_name():
    samples = {
        "plural_after_one": "(1 reports)", "singular_after_many": "in 3 day",
        "lowercase_inside_title": "**Active electric Outages**", "zero_next_to_check": "- ✅ 0 of 8 spaces available",
        "done_heading_lists_a_todo": "✅ **Permit Requirements Met:**\n- Business must register",
        "distance_form": "🚶 0.00 miles away", "leftover_value": "Contact: None",
        "double_space": "Type:  Pothole", "empty_bullet": "- ", "empty_label": "- Location:",
        "past_date_worded_as_upcoming": "Inspection booked for November 2, 2026; fees due by 2026-11-16",
        # (a dated history row, "- 2026-11-16: Inspection scheduled for 2026-11-20", is not flagged: below)
        "now_about_an_explicit_time": "Quiet hours are in effect now.",
        "hedged_plural": "$65.00 for 1 citation(s)",
        "free_spaces_advice_without_free_spaces": "- ✅ 56 of 120 spaces\n3. Point customers to the free spaces above",
    }
    assert set(samples) == set(PATTERN_NAMES)
    for pattern in PATTERNS:
        answer = Answer(arguments={"time": "23:00"}, viewer="public", text=samples[pattern.name])
        assert pattern.find(answer), pattern.name
    fine = Answer(arguments={}, viewer="public", text=(
        "**Parking Options Near Downtown City Hall**\n- 🚶 0.1 miles away\n- ✅ 8 spaces available\n"
        "- 1 report, 2 reports, a 30-day window\n- Due: February 9, 2025 — overdue by 10 days\n"
        "- 2026-11-16: Rough-in inspection scheduled for 2026-11-20 09:00."))
    assert [p.name for p in PATTERNS if p.find(fine)] == []
