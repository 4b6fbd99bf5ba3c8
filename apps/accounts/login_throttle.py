"""Admin sign-in throttle: lock a username, and a client address, after repeated failures.

Without it a password could be guessed at the speed of the server (50 wrong passwords,
then in). Each failure counts against the username tried and against the caller's address
(an IPv6 caller by its /64, as the rate limits do): CIVICMIND_LOGIN_MAX_FAILURES_PER_USER or
..._PER_ADDRESS failures within CIVICMIND_LOGIN_FAILURE_WINDOW_SECONDS lock that username or
address for CIVICMIND_LOGIN_LOCKOUT_SECONDS, during which every sign-in it takes part in is
refused before the password is even checked, so the right password does not get in either.

A successful sign-in clears its username's failures but not its address's: otherwise an
attacker holding one valid account could reset the address budget between guesses at
others. The counts live in the database (apps.accounts.models.LoginThrottle), shared by every
process on SQLite and PostgreSQL alike; each update holds the row's lock.
"""
import datetime as dt
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import LoginThrottle
from apps.accounts.ratelimit import address_key

logger = logging.getLogger("civicmind.security")

LOCKED_MESSAGE = ("Too many failed sign-in attempts for this account or from this address. Sign-in is locked "
                  "for {wait}; try again after that (even the correct password is refused until then).")
Scope = LoginThrottle.Scope


@dataclass(frozen=True)
class Lockout:
    """A sign-in refused for now: how long until it may be tried again."""

    retry_after: int  # seconds

    @property
    def message(self) -> str:
        return LOCKED_MESSAGE.format(wait=wait_text(self.retry_after))


def wait_text(seconds: int) -> str:
    """Say a wait the way a person reads it ("14 minutes", "45 seconds")."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _keys(*, username: str, address: str | None) -> list[tuple[str, str, int]]:
    """(scope, key, limit) of each counter a sign-in attempt touches; limit 0 turns one off."""
    keys = []
    per_user = settings.CIVICMIND_LOGIN_MAX_FAILURES_PER_USER
    if per_user > 0 and username:
        keys.append((Scope.USERNAME, username.strip().casefold()[:150], per_user))
    per_address = settings.CIVICMIND_LOGIN_MAX_FAILURES_PER_ADDRESS
    if per_address > 0 and address:
        keys.append((Scope.ADDRESS, address_key(address)[:150], per_address))
    return keys


def login_lockout_get(*, username: str, address: str | None) -> Lockout | None:
    """Return the lockout in force for this username or address, or None when sign-in may proceed."""
    keys = _keys(username=username, address=address)
    if not keys:
        return None
    now = timezone.now()
    matches = Q()
    for scope, key, _ in keys:
        matches |= Q(scope=scope, key=key)
    until = (LoginThrottle.objects.filter(matches, locked_until__gt=now)
             .order_by("-locked_until").values_list("locked_until", flat=True).first())
    if until is None:
        return None
    return Lockout(retry_after=max(1, math.ceil((until - now).total_seconds())))


def _failure_count(*, scope: str, key: str, limit: int, now: dt.datetime) -> bool:
    """Count one failure on a row (locked); return True when it starts a lockout."""
    window = dt.timedelta(seconds=settings.CIVICMIND_LOGIN_FAILURE_WINDOW_SECONDS)
    defaults = {"failures": 0, "window_started_at": now, "last_failure_at": now}
    try:
        with transaction.atomic():
            row, _ = LoginThrottle.objects.select_for_update().get_or_create(scope=scope, key=key, defaults=defaults)
    except IntegrityError:  # created by a concurrent failure between our look-up and insert
        row = LoginThrottle.objects.select_for_update().get(scope=scope, key=key)
    if row.window_started_at <= now - window:
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    row.last_failure_at = now
    locks = row.failures >= limit
    if locks:
        row.locked_until = now + dt.timedelta(seconds=settings.CIVICMIND_LOGIN_LOCKOUT_SECONDS)
        row.failures, row.window_started_at = 0, now  # counting starts over once the lock ends
    row.save(update_fields=["failures", "window_started_at", "last_failure_at", "locked_until"])
    return locks


@transaction.atomic
def login_failure_record(*, username: str, address: str | None) -> Lockout | None:
    """Count a failed sign-in against its username and address; return the lockout it starts, if any."""
    now = timezone.now()
    started = []
    for scope, key, limit in _keys(username=username, address=address):
        if _failure_count(scope=scope, key=key, limit=limit, now=now):
            started.append(f"{scope} {key}")
    _stale_rows_delete(now=now)
    if not started:
        return None
    lockout = settings.CIVICMIND_LOGIN_LOCKOUT_SECONDS
    logger.warning("admin sign-in locked for %ds after repeated failures: %s", lockout, ", ".join(started))
    return Lockout(retry_after=lockout)


@transaction.atomic
def login_success_record(*, username: str) -> None:
    """Clear the username's failures after a successful sign-in (its address's stay)."""
    for scope, key, _ in _keys(username=username, address=None):
        LoginThrottle.objects.filter(scope=scope, key=key).delete()


def _stale_rows_delete(*, now: dt.datetime) -> None:
    # Rows of guessed usernames would otherwise pile up: drop those with nothing left to count.
    window = dt.timedelta(seconds=settings.CIVICMIND_LOGIN_FAILURE_WINDOW_SECONDS)
    (LoginThrottle.objects.filter(last_failure_at__lte=now - window)
     .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now)).delete())


def login_throttle_reset(*, username: str | None = None, address: str | None = None) -> int:
    """Lift the lockout and failures of a username and/or address; return how many were cleared."""
    matches = Q(pk__in=[])
    if username:
        matches |= Q(scope=Scope.USERNAME, key=username.strip().casefold()[:150])
    if address:
        matches |= Q(scope=Scope.ADDRESS, key=address_key(address)[:150])
    return LoginThrottle.objects.filter(matches).delete()[0]
