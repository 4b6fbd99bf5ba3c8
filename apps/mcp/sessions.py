"""Handshake-era sessions and their resource subscriptions: the few writes and reads they need.

Sessions exist for one reason, resources/subscribe (DESIGN.md keeps every other request
stateless): `initialize` over HTTP opens one, the client echoes its `Mcp-Session-Id`, and
`DELETE` ends it. A session belongs to the API key that opened it (or to no key): a request
bringing its id with another key is told the session does not exist, as an unknown one is.
All of it lives in the database, so any process, after any restart, serves any session.
"""
import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.mcp.models import McpSession, ResourceSubscription

MAX_SUBSCRIPTIONS_PER_SESSION = 100


class TooManySubscriptions(Exception):
    pass


def session_open(*, domain: str, protocol_version: str, key_id: int | None, client_address: str | None) -> str:
    """Open a session and return its id: 256 random bits, visible ASCII as the spec asks."""
    now = timezone.now()
    session = McpSession.objects.create(
        id=secrets.token_urlsafe(32), domain=domain, protocol_version=protocol_version, key_id=key_id,
        client_address=(client_address or "")[:64], created_at=now, last_seen_at=now,
    )
    return session.id


def session_find(*, session_id: str, domain: str, key_id: int | None) -> McpSession | None:
    """The open session `session_id` of this listener and caller, or None (unknown, ended, someone else's)."""
    if not session_id or len(session_id) > 64:
        return None
    session = McpSession.objects.filter(id=session_id, ended_at__isnull=True).first()
    if session is None or session.domain != domain or session.key_id != key_id:
        return None
    return session


def session_is_open(session_id: str) -> bool:
    return McpSession.objects.filter(id=session_id, ended_at__isnull=True).exists()


def session_seen(*, session_id: str) -> bool:
    """Note that the session's stream is being listened on; False if it has ended meanwhile."""
    return bool(McpSession.objects.filter(id=session_id, ended_at__isnull=True).update(last_seen_at=timezone.now()))


def session_prune(*, idle_before: datetime, ended_before: datetime, batch_size: int = 5000) -> int:
    """Forget sessions nobody listened on since `idle_before` and those ended before `ended_before`.

    A client that comes back with a forgotten id is answered 404 and initializes again (the
    specification's rule for an expired session). Returns how many went, subscriptions aside.
    """
    stale = Q(ended_at__isnull=True, last_seen_at__lt=idle_before) | Q(ended_at__lt=ended_before)
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(McpSession.objects.filter(stale).order_by("created_at").values_list("id", flat=True)[:batch_size])
            if not ids:
                return deleted
            ResourceSubscription.objects.filter(session_id__in=ids).delete()
            deleted += McpSession.objects.filter(id__in=ids).delete()[1].get(McpSession._meta.label, 0)


@transaction.atomic
def session_end(*, session_id: str) -> None:
    """End a session (DELETE): its subscriptions go with it, its id answers 404 from now on."""
    McpSession.objects.filter(id=session_id, ended_at__isnull=True).update(ended_at=timezone.now())
    ResourceSubscription.objects.filter(session_id=session_id).delete()


def subscription_add(*, session_id: str, uri: str, watch_key: str) -> None:
    """Subscribe the session to `uri` (again: nothing new). Raises TooManySubscriptions past the cap."""
    if ResourceSubscription.objects.filter(session_id=session_id, uri=uri).exists():
        return
    if ResourceSubscription.objects.filter(session_id=session_id).count() >= MAX_SUBSCRIPTIONS_PER_SESSION:
        raise TooManySubscriptions()
    try:
        with transaction.atomic():
            ResourceSubscription.objects.create(session_id=session_id, uri=uri, watch_key=watch_key,
                                                created_at=timezone.now())
    except IntegrityError:
        pass  # the same subscribe, twice at once: one row is what both asked for


def subscription_remove(*, session_id: str, uri: str) -> None:
    ResourceSubscription.objects.filter(session_id=session_id, uri=uri).delete()


def subscriptions_matching(*, session_ids, watch_keys) -> list[tuple[str, str]]:
    """(session id, subscribed URI) pairs of these sessions whose subscriptions these keys fire."""
    if not session_ids or not watch_keys:
        return []
    return list(ResourceSubscription.objects.filter(session_id__in=list(session_ids),
                                                    watch_key__in=list(watch_keys))
                .values_list("session_id", "uri"))
