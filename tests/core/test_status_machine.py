"""The status machine every domain declares its moves with (apps/core/status_machine.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from apps.core.errors import ServiceError
from apps.core.models import TimelineEntry
from apps.core.status_machine import StatusMachine

TABLE = {"open": ("working", "closed"), "working": ("closed",), "closed": ()}
MACHINE = StatusMachine(transitions=TABLE, error_code="bad_move")


def test_a_move_in_the_table_and_staying_put_are_allowed():
    assert MACHINE.can_move("open", "working")
    assert MACHINE.can_move("closed", "closed")
    assert not MACHINE.can_move("working", "open")
    assert not MACHINE.can_move("closed", "working")


def test_a_refused_move_raises_the_domains_code_with_its_sentence_field_and_details():
    with pytest.raises(ServiceError) as refused:
        MACHINE.check_move("working", "open", message="Cannot reopen.", field="status", details={"allowed": ["closed"]})
    assert refused.value.as_dict() == {"code": "bad_move", "message": "Cannot reopen.", "field": "status",
                                       "details": {"allowed": ["closed"]}}


def test_the_refusal_sentence_is_built_only_when_the_move_is_refused():
    built = []
    MACHINE.check_move("open", "closed", message=lambda: built.append("x") or "never")
    assert built == []
    with pytest.raises(ServiceError, match="^built$"):
        MACHINE.check_move("closed", "open", message=lambda: "built", field="reference")


def test_allowed_and_sources_read_the_table_both_ways():
    assert MACHINE.allowed("open") == ("working", "closed")
    assert MACHINE.allowed("closed") == ()
    assert MACHINE.sources("closed") == ("open", "working")
    assert MACHINE.sources("open") == ()


def test_every_domain_timeline_inherits_the_shared_entry_and_names_its_record():
    from django.apps import apps
    timelines = [model for model in apps.get_models() if issubclass(model, TimelineEntry)]
    assert sorted(m.__name__ for m in timelines) == ["BulkPickupUpdate", "ComplaintUpdate",
                                                     "EnvironmentalReportUpdate", "IncidentUpdate", "RoadIssueUpdate",
                                                     "ServiceRequestUpdate", "VarianceUpdate"]
    for model in timelines:
        subject = model._meta.get_field(model.timeline_subject)
        assert subject.many_to_one and subject.remote_field.related_name == "updates"
        assert [f.name for f in model._meta.fields if f.name in ("note", "actor", "created_at")] \
            == ["note", "actor", "created_at"]
        assert model._meta.ordering == ["created_at", "id"]


@pytest.mark.django_db
def test_the_shared_timeline_base_changes_no_table():
    """The abstract base only gathers fields the domains had: no migration follows from it.

    In a process of its own without CIVICMIND_TODAY: the frozen test clock replaces
    timezone.now after the models took it as their default, which makemigrations would
    report as a changed default on every such field.
    """
    env = {name: value for name, value in os.environ.items() if name != "CIVICMIND_TODAY"}
    checked = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
                             cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
