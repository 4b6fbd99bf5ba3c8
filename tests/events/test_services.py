"""event_emit records in the caller's transaction and publishes only after commit; pruning."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from apps.events import services
from apps.events.models import Event
from apps.events.services import event_emit, event_prune

VIOLATION = {"violation_id": 3, "citation_number": "PV-000003", "license_plate": "ABC123"}


@pytest.fixture
def published(monkeypatch):
    sent = []
    monkeypatch.setattr(services, "publish", sent.append)
    return sent


def test_emit_stores_the_event_and_publishes_it_on_commit(db, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = event_emit(type="violation.paid", domain="parking",
                           data={**VIOLATION, "amount": Decimal("25.00"), "paid_at": timezone.now().replace(
                               year=2026, month=3, day=1, hour=12, minute=0, second=0, microsecond=0)})
        assert published == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    stored = Event.objects.get()
    assert stored.data["amount"] == "25.00"
    assert stored.data["paid_at"].startswith("2026-03-01T")
    assert published == [stored.as_message()] == [event.as_message()]


def test_a_rolled_back_emit_stores_and_publishes_nothing(db, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                event_emit(type="violation.created", domain="parking", data=VIOLATION)
                raise RuntimeError("the service failed")
    assert callbacks == []
    assert published == []
    assert Event.objects.count() == 0


@pytest.mark.parametrize("kwargs, message", [
    ({"type": "violation.towed", "domain": "parking", "data": VIOLATION},
     "Unknown event type 'violation.towed': add it to apps.events.catalogue first."),
    ({"type": "violation.created", "domain": "permits", "data": VIOLATION},
     "Event type 'violation.created' belongs to the parking domain, not 'permits'."),
    ({"type": "violation.created", "domain": "parking", "data": {"violation_id": 3, "license_plate": ""}},
     "Event 'violation.created' needs citation_number, license_plate in its data (see apps.events.catalogue)."),
])
def test_catalogue_mistakes_are_refused_and_nothing_is_stored(db, published, kwargs, message):
    with pytest.raises(ValueError) as raised:
        event_emit(**kwargs)
    assert str(raised.value) == message
    assert Event.objects.count() == 0
    assert published == []


def _event_aged(days: float) -> Event:
    event = Event.objects.create(type="complaint.filed", domain="noise", data={"case_number": "NC-1"})
    Event.objects.filter(id=event.id).update(created_at=timezone.now() - timedelta(days=days))
    return event


def test_prune_deletes_only_events_past_the_cutoff(db):
    old = [_event_aged(40), _event_aged(31)]
    kept = [_event_aged(29), _event_aged(0)]
    assert event_prune(older_than=timezone.now() - timedelta(days=30), batch_size=1) == 2
    assert list(Event.objects.values_list("id", flat=True)) == [e.id for e in kept]
    assert not Event.objects.filter(id__in=[e.id for e in old]).exists()


def test_prune_events_command_uses_the_retention_setting(db, settings, capsys):
    settings.CIVICMIND_EVENTS_RETENTION_DAYS = 10
    _event_aged(11)
    kept = _event_aged(9)
    call_command("prune_events")
    out = capsys.readouterr().out
    assert out.startswith("Deleted 1 event(s) older than 10 day(s) (before ")
    assert list(Event.objects.values_list("id", flat=True)) == [kept.id]
    call_command("prune_events", "--days", "5")
    assert capsys.readouterr().out.startswith("Deleted 1 event(s) older than 5 day(s)")
    assert Event.objects.count() == 0


def test_prune_events_refuses_a_retention_below_one_day(db):
    from django.core.management.base import CommandError

    _event_aged(3)
    with pytest.raises(CommandError, match="--days must be at least 1."):
        call_command("prune_events", "--days", "0")
    assert Event.objects.count() == 1
