"""prune_idempotency_keys: answers kept for keys are bounded by CIVICMIND_IDEMPOTENCY_RETENTION_DAYS."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from apps.mcp.models import ToolAnswer
from apps.mcp.services import tool_answer_prune


def answer_aged(days: float, key: str) -> ToolAnswer:
    return ToolAnswer.objects.create(domain="noise", tool="update_complaint_status", caller="key:1", key=key,
                                     fingerprint="f" * 64, viewer=2, text="ok", structured={"ok": True},
                                     created_at=timezone.now() - timedelta(days=days))


def test_prune_deletes_only_answers_past_the_cutoff_in_batches(db):
    old = [answer_aged(8 + n, f"old-key-{n:04d}") for n in range(5)]
    kept = answer_aged(6, "kept-key-0001")
    assert tool_answer_prune(older_than=timezone.now() - timedelta(days=7), batch_size=2) == len(old)
    assert list(ToolAnswer.objects.values_list("id", flat=True)) == [kept.id]


def test_the_command_uses_the_retention_setting(db, settings, capsys):
    settings.CIVICMIND_IDEMPOTENCY_RETENTION_DAYS = 10
    answer_aged(11, "old-key-0001")
    kept = answer_aged(9, "kept-key-0001")
    call_command("prune_idempotency_keys")
    assert capsys.readouterr().out.startswith("Deleted 1 idempotency key answer(s) older than 10 day(s) (before ")
    assert list(ToolAnswer.objects.values_list("id", flat=True)) == [kept.id]
    call_command("prune_idempotency_keys", "--days", "5")
    assert capsys.readouterr().out.startswith("Deleted 1 idempotency key answer(s) older than 5 day(s)")
    assert ToolAnswer.objects.count() == 0


def test_the_command_refuses_a_retention_below_one_day(db):
    answer_aged(3, "some-key-0001")
    with pytest.raises(CommandError, match="--days must be at least 1."):
        call_command("prune_idempotency_keys", "--days", "0")
    assert ToolAnswer.objects.count() == 1
