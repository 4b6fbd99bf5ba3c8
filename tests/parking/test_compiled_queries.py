"""apps.core.compiled: SQL compiled once, run with new values, same rows as the plain queryset."""
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from apps.core.compiled import CompiledQuery
from apps.parking.models import Citation

pytestmark = pytest.mark.django_db


def _by_plate(plate):
    return (Citation.objects.select_related("violation_type").filter(license_plate=plate, status__in=["issued"])
            .order_by("issued_at", "citation_number"))


by_plate = CompiledQuery(_by_plate, "plate")


def test_the_same_instances_as_the_plain_queryset_for_each_value(make_citation, violation_types):
    make_citation(plate="AAA111", issued_days_ago=9)
    make_citation(plate="AAA111", issued_days_ago=2, kind=violation_types.driveway)
    make_citation(plate="AAA111", status="paid")
    make_citation(plate="BBB222")
    for plate in ("AAA111", "BBB222", "NOBODY", "AAA111"):
        compiled, plain = by_plate(plate=plate), list(_by_plate(plate))
        assert compiled == plain
        assert [(c.violation_type.description, c.fine, c.issued_at) for c in compiled] == \
               [(c.violation_type.description, c.fine, c.issued_at) for c in plain]


def test_one_query_per_call_with_the_value_as_a_parameter_not_in_the_sql(make_citation):
    make_citation(plate="AAA111")
    by_plate(plate="WARMUP")
    with CaptureQueriesContext(connection) as captured:
        (citation,) = by_plate(plate="AAA111")
        assert citation.violation_type.code  # select_related: no second query
    assert len(captured) == 1
    assert "AAA111" not in by_plate.__dict__.get("_local").compiled.sql
    assert by_plate(plate="x' OR '1'='1") == []  # a value is never SQL


def test_each_thread_compiles_for_its_own_connection(make_citation):
    make_citation(plate="AAA111")
    own = by_plate._compiled()
    seen = {}

    def other_thread():
        seen["compiled"] = by_plate._compiled()
        seen["connection"] = connections["default"]
        connections.close_all()

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    assert seen["compiled"] is not own and seen["compiled"].connection is seen["connection"]
    assert by_plate._compiled() is own


def test_parameters_must_be_named_exactly():
    with pytest.raises(TypeError, match="plate"):
        by_plate(license_plate="AAA111")


def test_a_parameter_the_sql_rewrites_is_refused():
    prefixed = CompiledQuery(lambda plate: Citation.objects.filter(license_plate__startswith=plate), "plate")
    with pytest.raises(ValueError, match="whole values"):
        prefixed(plate="AB")
