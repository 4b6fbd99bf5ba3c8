"""The two ways a domain locks rows, written once; a domain's locks.py only names its own.

Row locks are always taken in primary-key order, so two writers that lock the same rows
queue instead of deadlocking. Call these inside `transaction.atomic()` (services are
atomic): a lock lasts until the transaction ends. SQLite has no row locks; its IMMEDIATE
transactions serialise writers instead, and `select_for_update` is a no-op there.
"""
from django.db import models

from apps.core.errors import ServiceError
from apps.core.models import KeyedLock


def row_lock(queryset: models.QuerySet, *, field: str, value, code: str, message: str):
    """Lock and return the one row whose `field` is `value`, or raise a ServiceError naming `field`.

    `message` is formatted with the value under the field's name ("… {reference} …"), so a
    caller asking for a record that does not exist learns which argument was wrong.
    """
    row = queryset.select_for_update(of=("self",)).filter(**{field: value}).order_by("pk").first()
    if row is None:
        raise ServiceError(code, message.format(**{field: value}), field=field)
    return row


def created_row_lock(model: type[models.Model], *, defaults: dict | None = None, **key):
    """Return the row of `model` with `key`, locked, creating it (with `defaults`) if it is new.

    Concurrent first writers race on the key's unique constraint; get_or_create re-reads
    when it loses, and the lock then serialises the rest of their work.
    """
    row, _ = model.objects.get_or_create(**key, defaults=defaults or {})
    return model.objects.select_for_update().filter(pk=row.pk).order_by("pk").get()


def keyed_lock(*, scope: str, key: str) -> None:
    """Serialise the writers of `key` within `scope` until the transaction ends.

    For decisions about a row that does not exist yet ("is there an open outage of water?"):
    the first two reports of a new outage would otherwise both find none and create two.
    """
    created_row_lock(KeyedLock, scope=scope, key=key)
