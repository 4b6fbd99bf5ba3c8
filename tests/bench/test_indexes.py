"""Every look-up path of the hot tools and the admin reads big tables through an index.

On PostgreSQL each query a look-up really runs is captured and EXPLAINed with sequential
scans priced out (`enable_seqscan = off`): a plan that still reads a big table from end to
end has no index to use. (Whether the planner *prefers* the index depends on the table's
size; at a million rows bench/run.py measures that.) SQLite has no such planner switch:
these tests run on PostgreSQL only.
"""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.mcp.call import Call
from apps.mcp.calls import run_tool
from apps.mcp.registry import registry
from apps.parking.models import Citation
from apps.parking.selectors import citation_get, citation_numbers_with_prefix, payment_get_by_key
from apps.permits.selectors import permit_application_get
from bench.harness import CALLS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.timeout(900),  # a big synthetic city first
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's"),
]

BIG_TABLES = ("parking_citation", "parking_payment", "parking_paymentitem", "permits_permitapplication",
              "permits_timelineentry", "permits_assessedfee", "permits_permitdocument", "permits_inspection")


def _reads_whole_table(node: dict, limited: bool = False) -> list[str]:
    """Return the big tables a plan node (or its children) reads end to end.

    A scan with no index condition reads every row, unless a Limit above it stops early
    (the admin's first page walks an index backwards and stops after 100 rows).
    """
    limited = limited or node.get("Node Type") == "Limit"
    found = []
    table = node.get("Relation Name")
    if table in BIG_TABLES and not limited:
        scan = node.get("Node Type", "")
        if scan == "Seq Scan" or (scan in ("Index Scan", "Index Only Scan", "Bitmap Heap Scan")
                                  and not node.get("Index Cond") and not node.get("Recheck Cond")):
            found.append(table)
    for child in node.get("Plans", ()):
        found += _reads_whole_table(child, limited)
    return found


def full_scans(run) -> list[tuple[str, str]]:
    """Run `run()`, then EXPLAIN every query it made; return (table, sql) for each whole-table read."""
    with CaptureQueriesContext(connection) as captured:
        run()
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            found += [(table, sql) for table in _reads_whole_table(plan[0]["Plan"])]
    return found


def tool_runner(call):
    tool = registry.find_tool(call.domain, call.name)

    def run():
        result = run_tool(tool, call.arguments, Call(domain=call.domain, listener=call.domain, version="2025-11-25"))
        assert not result.is_error, result.text

    return run


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
def test_benchmark_tools_use_indexes(city, call):
    assert full_scans(tool_runner(call)) == []


def test_citation_and_payment_look_ups_use_indexes(city):
    number = Citation.objects.filter(status="paid").order_by("pk").values_list("citation_number", flat=True)[0]
    assert full_scans(lambda: citation_get(citation_number=number)) == []
    assert full_scans(lambda: payment_get_by_key(idempotency_key="no-such-key")) == []
    assert full_scans(lambda: citation_numbers_with_prefix(prefix=number[:-2])) == []


def test_application_reference_look_up_uses_indexes(city):
    assert full_scans(lambda: permit_application_get(reference="PRM-2026-000101")) == []


def test_citation_number_completion_of_a_short_prefix_uses_indexes(city):
    assert full_scans(lambda: citation_numbers_with_prefix(prefix="VIO-")) == []


@pytest.mark.parametrize("query", [
    {}, {"status__exact": "issued"}, {"q": "abc-123"}, {"q": "VIO-2025-001234"}, {"q": "VIO-2025-00"},
    {"violation_type__id__exact": "1"}, {"o": "1"},
], ids=["first-page", "status", "plate", "number", "number-prefix", "violation-type", "by-number"])
def test_citations_admin_change_list_uses_indexes(city, admin_client, query):
    def run():
        response = admin_client.get(reverse("admin:parking_citation_changelist"), query)
        assert response.status_code == 200

    scans = full_scans(run)
    assert [table for table, _ in scans if table == "parking_citation"] == []


def test_payments_admin_change_list_uses_indexes(city, admin_client):
    def run():
        assert admin_client.get(reverse("admin:parking_payment_changelist")).status_code == 200
        assert admin_client.get(reverse("admin:parking_payment_changelist"), {"q": "abc123"}).status_code == 200

    assert [sql for table, sql in full_scans(run) if table == "parking_payment"] == []
