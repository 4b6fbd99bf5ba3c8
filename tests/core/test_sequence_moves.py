"""The migrations that moved every domain's counter into core.ReferenceSequence, run for real.

The database is taken back to the state before them (each domain's own counter table),
counters are written there, and the migrations run forward: the counters arrive in core and
the next number continues after them; run backward, they return to the domain tables.
"""
import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from apps.core.models import ReferenceSequence
from apps.noise.locks import case_number_allocate
from apps.parking.locks import reference_allocate as parking_allocate
from apps.permits.locks import reference_allocate as permits_allocate
from apps.utilities.locks import reference_allocate as utilities_allocate

BEFORE = [
    ("core", "0001_initial"),
    ("parking", "0006_report_idempotency_key"),
    ("permits", "0002_submit_idempotency_key"),
    ("noise", "0001_initial"),
    ("safety", "0002_dispatch_plural"),
    ("utilities", "0001_initial"),
    ("transportation", "0001_initial"),
    ("zoning", "0001_initial"),
    ("environmental", "0002_pickupaddress_plural"),
]
# (app, model, fields) of the counters written in the old tables, one per shape and domain.
OLD_COUNTERS = [
    ("parking", "NumberSequence", {"prefix": "VIO-2026", "last_value": 1456}),
    ("parking", "NumberSequence", {"prefix": "RCP-2025", "last_value": 88}),
    ("permits", "ReferenceCounter", {"year": 2026, "last_number": 130}),
    ("noise", "CaseSequence", {"year": 2026, "last_number": 105}),
    ("safety", "ReferenceSequence", {"prefix": "INC", "year": 2026, "last_number": 4}),
    ("utilities", "ReferenceSequence", {"prefix": "OUT", "year": 2026, "last_number": 7}),
    ("utilities", "ReferenceSequence", {"prefix": "SR", "year": 2026, "last_number": 121}),
    ("transportation", "ReferenceSequence", {"prefix": "RD", "year": 2026, "last_number": 9}),
    ("zoning", "ReferenceSequence", {"prefix": "VAR", "year": 2026, "last_number": 124}),
    ("environmental", "ReferenceSequence", {"prefix": "BP", "year": 2026, "last_number": 31}),
    ("environmental", "ReferenceSequence", {"prefix": "ENV", "year": 2026, "last_number": 12}),
]
IN_CORE = [("BP", 2026, 31), ("ENV", 2026, 12), ("INC", 2026, 4), ("NC", 2026, 105), ("OUT", 2026, 7),
           ("PRM", 2026, 130), ("RCP", 2025, 88), ("RD", 2026, 9), ("SR", 2026, 121), ("VAR", 2026, 124),
           ("VIO", 2026, 1456)]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def latest() -> list:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move(transactional_db):
    """The schema before the move; put back to today's whatever the test does."""
    try:
        yield migrate(BEFORE).loader.project_state(BEFORE).apps
    finally:
        migrate(latest())


def test_counters_move_to_core_and_numbers_continue_after_them(before_the_move):
    for app, model, fields in OLD_COUNTERS:
        before_the_move.get_model(app, model).objects.create(**fields)
    migrate(latest())
    assert sorted(ReferenceSequence.objects.values_list("prefix", "year", "last_number")) == IN_CORE
    with transaction.atomic():
        assert parking_allocate(prefix="VIO", year=2026) == "VIO-2026-001457"
        assert permits_allocate(prefix="PRM", year=2026) == "PRM-2026-000131"
        assert case_number_allocate(year=2026) == "NC-2026-000106"
        assert utilities_allocate(prefix="OUT", year=2026) == "OUT-2026-0008"


def test_a_counter_already_in_core_is_never_lowered(before_the_move):
    before_the_move.get_model("zoning", "ReferenceSequence").objects.create(prefix="VAR", year=2026, last_number=9)
    before_the_move.get_model("core", "ReferenceSequence").objects.create(prefix="VAR", year=2026, last_number=50)
    migrate(latest())
    assert ReferenceSequence.objects.get(prefix="VAR", year=2026).last_number == 50


def test_reversing_the_move_puts_the_counters_back(before_the_move):
    for app, model, fields in OLD_COUNTERS:
        before_the_move.get_model(app, model).objects.create(**fields)
    migrate(latest())
    ReferenceSequence.objects.create(prefix="ZZ", year=2026, last_number=3)  # no domain's: stays in core
    old_apps = migrate(BEFORE).loader.project_state(BEFORE).apps
    for app, model, fields in OLD_COUNTERS:
        assert old_apps.get_model(app, model).objects.filter(**fields).count() == 1, (app, fields)
    assert list(old_apps.get_model("core", "ReferenceSequence").objects.values_list("prefix", flat=True)) == ["ZZ"]
