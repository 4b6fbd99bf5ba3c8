"""The citations admin at scale: estimated counts, no facet counts, indexed search only."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.paginators import EstimatedCountPaginator, table_row_estimate
from apps.parking.models import Citation

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]  # big synthetic cities
CHANGELIST = "admin:parking_citation_changelist"
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates are PostgreSQL's")


@pytest.fixture
def small_limit(monkeypatch):
    """Make 50 rows "a large table", so a few hundred generated rows exercise the estimates."""
    monkeypatch.setattr(EstimatedCountPaginator, "exact_limit", 50)


def count_with_queries(queryset) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        count = EstimatedCountPaginator(queryset, 100).count
    return count, [q["sql"] for q in captured.captured_queries]


@postgres_only
def test_unfiltered_count_is_the_tables_estimate(city, small_limit):
    count, queries = count_with_queries(Citation.objects.all())
    assert count == table_row_estimate(Citation.objects.all()) > 50
    assert len(queries) == 1 and "pg_class" in queries[0] and "COUNT(" not in queries[0].upper()


@postgres_only
def test_large_filtered_count_is_capped_then_estimated(city, small_limit):
    paid = Citation.objects.filter(status="paid")
    count, queries = count_with_queries(paid)
    assert count >= 51
    assert len(queries) == 2
    assert "COUNT(" in queries[0].upper() and "LIMIT 51" in queries[0]
    assert queries[1].startswith("EXPLAIN (FORMAT JSON)")


def test_small_counts_are_exact(city, small_limit):
    plate = Citation.objects.filter(license_plate="ABC123")
    count, queries = count_with_queries(plate)
    assert count == len(list(plate)) == 3  # the demo's ABC123
    assert len(queries) == 1


def test_other_databases_count_exactly(city, small_limit, monkeypatch):
    if connection.vendor == "postgresql":
        monkeypatch.setattr(connection, "vendor", "sqlite")
    count, queries = count_with_queries(Citation.objects.all())
    assert count == Citation.objects.count()
    assert len(queries) == 1 and "LIMIT" not in queries[0]


def change_list_queries(client, **params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@postgres_only
def test_change_list_never_counts_the_whole_table(city, admin_client):
    for params in ({}, {"status__exact": "paid"}, {"_facets": "1"}):
        counts = [sql for sql in change_list_queries(admin_client, **params) if "COUNT(" in sql.upper()]
        assert all("LIMIT 10001" in sql for sql in counts), counts


def test_facets_are_never_counted(city, admin_client):
    plain = change_list_queries(admin_client)
    faceted = change_list_queries(admin_client, _facets="1")
    assert len(faceted) == len(plain)


def test_search_is_an_indexed_equality(city, admin_client):
    queries = change_list_queries(admin_client, q="abc-123")
    listing = [sql for sql in queries if 'FROM "parking_citation"' in sql and "ABC123" in sql]
    assert listing and all("LIKE" not in sql.upper() for sql in listing)
    assert all('"parking_citation"."license_plate" = \'ABC123\'' in sql for sql in listing)


@pytest.mark.parametrize("term, expected", [
    ("abc-123", ["VIO-2024-004321", "VIO-2025-001234", "VIO-2025-001456"]),
    (" vio-2025-001234 ", ["VIO-2025-001234"]),
    ("VIO-2025-00123", ["VIO-2025-001234"]),
    ("no such thing!", []),
])
def test_search_finds_plates_and_numbers(city, admin_client, term, expected):
    response = admin_client.get(reverse(CHANGELIST), {"q": term})
    found = sorted(c.citation_number for c in response.context["cl"].result_list)
    assert found == expected
