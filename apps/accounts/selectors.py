"""Reads of API keys and the audit log."""
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from apps.accounts.models import ApiKey, AuditEntry

CREDENTIAL_FIELDS = ("id", "name", "prefix", "domains", "access_level", "expires_at", "revoked_at")


def api_key_credentials(*, digest: str) -> dict | None:
    """Return what authentication needs of the key with this hash, or None (one indexed query)."""
    return ApiKey.objects.filter(key_hash=digest).values(*CREDENTIAL_FIELDS).first()


def api_key_owner_id(*, key_id: int) -> int | None:
    """Return the id of the user who owns the key, or None when the key is gone."""
    return ApiKey.objects.filter(pk=key_id).values_list("owner_id", flat=True).first()


def api_key_list(*, owner=None) -> QuerySet:
    """Return keys, newest first, with their owners."""
    keys = ApiKey.objects.select_related("owner")
    return keys.filter(owner=owner) if owner is not None else keys


def audit_entry_list(*, domain: str | None = None, tool: str | None = None) -> QuerySet:
    """Return audit entries, newest first."""
    entries = AuditEntry.objects.all()
    if domain:
        entries = entries.filter(domain=domain)
    if tool:
        entries = entries.filter(tool=tool)
    return entries


def audit_entry_count_before(*, cutoff) -> int:
    """Return how many audit entries are older than `cutoff`."""
    return AuditEntry.objects.filter(created_at__lt=cutoff).count()


def user_get_by_username(*, username: str):
    """Return the user with this username, or None."""
    User = get_user_model()
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()
