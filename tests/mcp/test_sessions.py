"""Sessions kept for subscriptions: opened, matched, ended and forgotten (apps.mcp.sessions)."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.mcp.models import McpSession, ResourceSubscription
from apps.mcp.sessions import (
    session_end,
    session_find,
    session_open,
    session_seen,
    subscription_add,
    subscriptions_matching,
)

pytestmark = pytest.mark.django_db

KEY = "civicmind://permits/applications/{reference}#PRM-2026-000115"


def opened(**changes) -> str:
    session_id = session_open(domain="permits", protocol_version="2025-11-25", key_id=None, client_address="::1")
    if changes:
        McpSession.objects.filter(pk=session_id).update(**changes)
    return session_id


def test_a_session_is_found_only_by_its_listener_and_key():
    session_id = opened()
    assert session_find(session_id=session_id, domain="permits", key_id=None).pk == session_id
    assert session_find(session_id=session_id, domain="noise", key_id=None) is None
    assert session_find(session_id=session_id, domain="permits", key_id=5) is None
    assert session_find(session_id="x" * 65, domain="permits", key_id=None) is None
    session_end(session_id=session_id)
    assert session_find(session_id=session_id, domain="permits", key_id=None) is None
    assert session_seen(session_id=session_id) is False


def test_events_match_the_subscriptions_of_the_sessions_asked_about():
    first, second = opened(), opened()
    subscription_add(session_id=first, uri="civicmind://permits/applications/prm-2026-115", watch_key=KEY)
    subscription_add(session_id=second, uri="civicmind://permits/applications/PRM-2026-000115", watch_key=KEY)
    subscription_add(session_id=second, uri="test://watched-resource", watch_key="")
    assert sorted(subscriptions_matching(session_ids={first, second}, watch_keys={KEY})) == sorted([
        (first, "civicmind://permits/applications/prm-2026-115"),
        (second, "civicmind://permits/applications/PRM-2026-000115")])
    assert subscriptions_matching(session_ids={first}, watch_keys={""}) == []
    assert subscriptions_matching(session_ids=set(), watch_keys={KEY}) == []


def test_prune_forgets_idle_and_ended_sessions_with_their_subscriptions():
    long_ago = timezone.now() - timedelta(days=8)
    idle = opened(last_seen_at=long_ago)
    listened = opened(created_at=long_ago)  # old, but its stream was listened on just now
    ended_yesterday = opened(ended_at=timezone.now() - timedelta(days=2))
    ended_now = opened(ended_at=timezone.now())
    for session_id in (idle, listened):
        subscription_add(session_id=session_id, uri="civicmind://permits/types", watch_key="")
    call_command("prune_mcp_sessions")
    assert set(McpSession.objects.values_list("id", flat=True)) == {listened, ended_now}
    assert list(ResourceSubscription.objects.values_list("session_id", flat=True)) == [listened]
    assert idle and ended_yesterday
