"""The two tables every domain shares: reference counters and the rows its locks wait on.

One table each instead of one per domain: the shape was the same eight times over, and a
prefix ("VAR", "NC") already names its domain, so one counter per prefix and year is enough.
"""
from django.db import models


class ReferenceSequence(models.Model):
    """The last number handed out under a prefix in a year ("VAR" in 2026: 124 → VAR-2026-000124).

    Prefixes are unique across domains (tests/core/test_numbering.py checks every domain's
    table), so the prefix alone says whose counter a row is.
    """

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["prefix", "year"]
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="core_sequence_per_prefix_year")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: last number {self.last_number}"


class KeyedLock(models.Model):
    """A row that exists only to be locked: writers of one key (a service type, an issue type) queue on it.

    Used where the thing to serialise on is not yet a row — the first report of a new outage
    must not be created twice by two reports arriving together.
    """

    scope = models.CharField(max_length=40, help_text="Who locks, e.g. “utilities.outage”.")
    key = models.CharField(max_length=100, help_text="What is locked within the scope, e.g. “water”.")

    class Meta:
        ordering = ["scope", "key"]
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="core_keyed_lock_per_scope_key")]

    def __str__(self):
        return f"Lock on {self.key} ({self.scope})"
