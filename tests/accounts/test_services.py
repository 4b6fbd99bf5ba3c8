"""API key lifecycle in the services: create, hash only, revoke, mark used, prune."""
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from apps.accounts import errors
from apps.accounts.keys import key_digest
from apps.accounts.models import AccessLevel, ApiKey, AuditEntry
from apps.accounts.services import (
    api_key_create,
    api_key_revoke,
    api_keys_mark_used,
    audit_log_prune,
)
from apps.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def all_database_text() -> str:
    """Every value of every table of this database, as one string."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_create_stores_the_hash_and_prefix_and_returns_the_key_once(owner):
    issued = api_key_create(name="  Parking tablets ", owner=owner, domains=["parking", "Parking", "permits"],
                            access_level="staff")
    key = ApiKey.objects.get()
    assert issued.api_key == key
    assert key.name == "Parking tablets"
    assert key.domains == ["parking", "permits"]
    assert key.access_level == AccessLevel.STAFF
    assert key.key_hash == key_digest(issued.raw_key)
    assert key.prefix == issued.raw_key[:12]
    assert key.expires_at is None and key.revoked_at is None and key.last_used_at is None


def test_the_raw_key_is_nowhere_in_the_database(owner):
    issued = api_key_create(name="secret check", owner=owner)
    text = all_database_text()
    assert key_digest(issued.raw_key) in text  # the dump does reach the keys table
    assert issued.raw_key not in text
    assert issued.raw_key[12:] not in text  # not even the part after the visible prefix


@pytest.mark.parametrize("kwargs, code, message", [
    ({"name": "  "}, "name_required", errors.NAME_REQUIRED_MESSAGE),
    ({"name": "x", "domains": ["parking", "moon"]}, "unknown_domain",
     "Unknown domain(s): moon. Domains are: parking, permits, noise, safety, utilities, transportation, "
     "zoning, environmental."),
    ({"name": "x", "access_level": "admin"}, "unknown_level",
     "Unknown access level 'admin'. Levels are: public, resident, staff."),
    ({"name": "x", "access_level": 7}, "unknown_level",
     "Unknown access level 7. Levels are: public, resident, staff."),
])
def test_create_refuses_bad_input_and_writes_nothing(owner, kwargs, code, message):
    with pytest.raises(ServiceError) as raised:
        api_key_create(owner=owner, **kwargs)
    assert raised.value.code == code
    assert raised.value.message == message
    assert ApiKey.objects.count() == 0


def test_create_refuses_an_expiry_in_the_past(owner):
    past = timezone.now() - datetime.timedelta(minutes=1)
    with pytest.raises(ServiceError) as raised:
        api_key_create(name="late", owner=owner, expires_at=past)
    assert raised.value.code == "expiry_in_past"
    assert raised.value.field == "expires_at"
    assert ApiKey.objects.count() == 0


def test_revoke_is_idempotent_and_keeps_the_first_time(owner):
    key = api_key_create(name="r", owner=owner).api_key
    api_key_revoke(api_key=key)
    first = ApiKey.objects.get().revoked_at
    assert first is not None
    api_key_revoke(api_key=key)
    assert ApiKey.objects.get().revoked_at == first
    assert key.revoked_at == first


def test_mark_used_moves_last_used_forward_only(owner):
    key = api_key_create(name="u", owner=owner).api_key
    later = timezone.now()
    earlier = later - datetime.timedelta(minutes=5)
    assert api_keys_mark_used(key_ids=[key.pk], at=later) == 1
    assert api_keys_mark_used(key_ids=[key.pk], at=earlier) == 0
    assert ApiKey.objects.get().last_used_at == later
    assert api_keys_mark_used(key_ids=[], at=later) == 0


def _entry(age_days: float, tool: str) -> AuditEntry:
    return AuditEntry(created_at=timezone.now() - datetime.timedelta(days=age_days), listener="parking",
                      domain="parking", tool=tool, arguments={}, outcome="success", duration_ms=1.0)


def test_prune_deletes_only_entries_older_than_the_cutoff():
    AuditEntry.objects.bulk_create([_entry(100, "old1"), _entry(91, "old2"), _entry(89, "new1"), _entry(0, "new2")])
    deleted = audit_log_prune(older_than=timezone.now() - datetime.timedelta(days=90))
    assert deleted == 2
    assert sorted(AuditEntry.objects.values_list("tool", flat=True)) == ["new1", "new2"]
