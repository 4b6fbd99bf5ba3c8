"""A paginator for admin change lists over tables of millions of rows.

Django's paginator runs `SELECT COUNT(*)` over the whole filtered list on every page; on
PostgreSQL that reads every row (about 100 ms per million). This one counts exactly up
to EXACT_LIMIT rows and past that answers with PostgreSQL's own estimate: the table's
`pg_class.reltuples` when the list is unfiltered, the planner's row estimate (EXPLAIN)
when it is filtered. Pair it with `show_full_result_count = False`, which saves the
admin's second count. Other databases count exactly, as Django does.
"""
import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

EXACT_LIMIT = 10_000


def table_row_estimate(queryset: QuerySet) -> int | None:
    """Return PostgreSQL's estimate of the rows in the queryset's table (None if never analyzed)."""
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                       [connection.ops.quote_name(queryset.model._meta.db_table)])
        row = cursor.fetchone()
    return row[0] if row and row[0] is not None and row[0] >= 0 else None


def planner_row_estimate(queryset: QuerySet) -> int:
    """Return the planner's estimate of the rows `queryset` yields."""
    connection = connections[queryset.db]
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Count exactly up to EXACT_LIMIT rows, then estimate (PostgreSQL only)."""

    exact_limit = EXACT_LIMIT

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":
            return super().count
        if not queryset.query.where and not queryset.query.distinct:
            estimate = table_row_estimate(queryset)
            if estimate is not None and estimate > self.exact_limit:
                return estimate
        # Count at most limit + 1 rows: cheap however large the table is.
        counted = queryset.order_by()[: self.exact_limit + 1].count()
        if counted <= self.exact_limit:
            return counted
        return max(planner_row_estimate(queryset), counted)
