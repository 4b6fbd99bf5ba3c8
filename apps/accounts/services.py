"""Writes of API keys and the audit log."""
import datetime
import json
from dataclasses import dataclass
from typing import Iterable

from django.db import connections, router, transaction
from django.db.models import JSONField
from django.utils import timezone

from apps.accounts import errors
from apps.accounts.key_cache import key_cache
from apps.accounts.keys import key_digest, key_generate, key_visible_prefix
from apps.accounts.models import AccessLevel, ApiKey, AuditEntry, AuditQuarantine
from apps.core.errors import ServiceError
from apps.core.jsonlines import dumps_text
from civicmind.domains import DOMAINS

PRUNE_BATCH_SIZE = 5000


@dataclass(frozen=True)
class IssuedKey:
    """A freshly made key: the row, and the raw key to show once and never again."""

    api_key: ApiKey
    raw_key: str


def access_level_parse(value) -> AccessLevel:
    """Return the level named by `value` ("staff", 2, AccessLevel.STAFF)."""
    if isinstance(value, str) and value.strip().upper() in AccessLevel.names:
        return AccessLevel[value.strip().upper()]
    if isinstance(value, int) and value in AccessLevel.values:
        return AccessLevel(value)
    raise ServiceError(errors.AccountsErrorCode.UNKNOWN_LEVEL,
                       errors.UNKNOWN_LEVEL_MESSAGE.format(level=value), field="access_level")


def api_key_domains_clean(domains: Iterable[str]) -> list[str]:
    """Return the domains sorted and de-duplicated; refuse unknown ones."""
    cleaned = sorted({d.strip().lower() for d in domains if d and d.strip()})
    unknown = [d for d in cleaned if d not in DOMAINS]
    if unknown:
        raise ServiceError(errors.AccountsErrorCode.UNKNOWN_DOMAIN,
                           errors.UNKNOWN_DOMAIN_MESSAGE.format(unknown=", ".join(unknown), known=", ".join(DOMAINS)),
                           field="domains")
    return cleaned


def api_key_secret_assign(*, api_key: ApiKey) -> str:
    """Give an unsaved key fresh key material; return the raw key (its only copy)."""
    raw = key_generate()
    api_key.prefix = key_visible_prefix(raw)
    api_key.key_hash = key_digest(raw)
    return raw


@transaction.atomic
def api_key_create(*, name: str, owner, domains: Iterable[str] = (), access_level=AccessLevel.RESIDENT,
                   expires_at: datetime.datetime | None = None) -> IssuedKey:
    """Make a key; the raw key is in the answer only, the database keeps its hash."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(errors.AccountsErrorCode.NAME_REQUIRED, errors.NAME_REQUIRED_MESSAGE, field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError(errors.AccountsErrorCode.EXPIRY_IN_PAST,
                           errors.EXPIRY_IN_PAST_MESSAGE.format(expires_at=expires_at.isoformat()),
                           field="expires_at")
    domains = api_key_domains_clean(domains)
    # The command line's "no --scopes" has always meant every domain, and says so when it answers.
    api_key = ApiKey(name=name, owner=owner, domains=domains, all_domains=not domains,
                     access_level=access_level_parse(access_level), expires_at=expires_at)
    raw = api_key_secret_assign(api_key=api_key)
    api_key.save()
    return IssuedKey(api_key=api_key, raw_key=raw)


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    """Revoke a key (idempotent: a revoked key keeps its first revocation time)."""
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    api_key.refresh_from_db(fields=["revoked_at"])
    # This process's cache forgets at once; other processes within the cache's lifetime.
    transaction.on_commit(key_cache.clear)
    return api_key


def api_keys_mark_used(*, key_ids: Iterable[int], at: datetime.datetime) -> int:
    """Move last_used_at forward to `at` (never backwards) for these keys."""
    ids = sorted(set(key_ids))
    if not ids:
        return 0
    return ApiKey.objects.filter(pk__in=ids).exclude(last_used_at__gte=at).update(last_used_at=at)


def audit_entries_record(*, rows: list[dict], batch_size: int = 500) -> int:
    """Insert audit entries (dicts of AuditEntry field values) in bulk: the background writer's one write.

    On PostgreSQL with COPY, which costs a fraction of bulk_create's CPU per row (no model
    instances, no per-field preparation in Python: psycopg writes the rows in C). The
    writer shares its process's CPU with the requests it audits, so this is CPU the callers get.
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(AuditEntry)]
    if connection.vendor != "postgresql":
        with transaction.atomic(using=connection.alias):  # a refused row rolls back this batch only
            AuditEntry.objects.bulk_create([AuditEntry(**row) for row in rows], batch_size=batch_size)
        return len(rows)
    fields = [AuditEntry._meta.get_field(name) for name in rows[0]]
    json_fields = {field.name for field in fields if isinstance(field, JSONField)}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([dumps_text(value) if name in json_fields and value is not None else value
                                for name, value in row.items()])
    return len(rows)


def audit_row_quarantine(*, fields: dict, reason: str) -> AuditQuarantine:
    """Keep an audit row the log refused, escaped to ASCII so that this insert cannot fail the same way."""
    recorded_at = fields.get("created_at")
    return AuditQuarantine.objects.create(
        recorded_at=recorded_at if isinstance(recorded_at, datetime.datetime) else None,
        domain=ascii_text(fields.get("domain", ""))[:32], tool=ascii_text(fields.get("tool", ""))[:128],
        request_id=ascii_text(fields.get("request_id", ""))[:64], reason=ascii_text(reason)[:2000],
        row=json.dumps(fields, ensure_ascii=True, default=str),  # escapes surrogates and NUL alike
    )


def ascii_text(value) -> str:
    """`value` as text every database stores: non-ASCII and control characters escaped."""
    return str(value).encode("ascii", "backslashreplace").decode("ascii").replace("\x00", "\\x00")


def audit_log_prune(*, older_than: datetime.datetime) -> int:
    """Delete audit entries from before `older_than`, in batches; return how many."""
    deleted = 0
    while True:
        ids = list(AuditEntry.objects.filter(created_at__lt=older_than).order_by("pk")
                   .values_list("pk", flat=True)[:PRUNE_BATCH_SIZE])
        if not ids:
            return deleted
        deleted += AuditEntry.objects.filter(pk__in=ids).delete()[0]
