"""Hand out citation and receipt numbers: one per call, never twice, gap-free per year.

A NumberSequence row per prefix is advanced with an F() update under its row lock, so
concurrent writers queue for a moment instead of colliding. A sequence created on first
use starts after the highest number already on record (fixtures, imports).
"""
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.parking.locks import sequence_lock
from apps.parking.models import NumberSequence
from apps.parking.selectors import citation_number_max, payment_receipt_max

CITATION_PREFIX = "VIO"
RECEIPT_PREFIX = "RCP"


def sequence_next(*, prefix: str, start_after) -> int:
    """Return the next number under `prefix`; `start_after()` seeds a new sequence."""
    sequence = sequence_lock(prefix=prefix)
    if sequence is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(prefix=prefix, last_value=start_after())
        except IntegrityError:
            pass  # another writer created it first; its row is locked below
        sequence = sequence_lock(prefix=prefix)
    NumberSequence.objects.filter(pk=sequence.pk).update(last_value=F("last_value") + 1)
    return sequence.last_value + 1  # the row is locked until commit: nobody else moved it


def citation_number_next() -> str:
    """Return a fresh citation number, e.g. VIO-2026-000001."""
    prefix = f"{CITATION_PREFIX}-{timezone.localdate().year}"
    number = sequence_next(prefix=prefix, start_after=lambda: citation_number_max(prefix=prefix))
    return f"{prefix}-{number:06d}"


def receipt_number_next() -> str:
    """Return a fresh receipt number, e.g. RCP-2026-000001."""
    prefix = f"{RECEIPT_PREFIX}-{timezone.localdate().year}"
    number = sequence_next(prefix=prefix, start_after=lambda: payment_receipt_max(prefix=prefix))
    return f"{prefix}-{number:06d}"
