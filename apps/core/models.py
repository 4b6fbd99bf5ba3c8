"""The two tables every domain shares, and the abstract models their records inherit.

Reference counters and the rows locks wait on: one table each instead of one per domain:
the shape was the same eight times over, and a prefix ("VAR", "NC") already names its
domain, so one counter per prefix and year is enough.

A domain's timeline model (a complaint's updates, a variance's updates, …) inherits
`TimelineEntry` and adds only its foreign key and its status choices; outage and road-issue
reports inherit `PlaceReport`. Their fields are exactly those the domains declared before
these bases existed: inheriting them changes no table.
"""
from django.db import models
from django.utils import timezone

from apps.core.display import local_text


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


class TimelineEntry(models.Model):
    """One dated entry of a record's timeline: the status it reached, why, and who moved it.

    A subclass declares `status` (its own choices) and the foreign key to its record, and
    names that key in `timeline_subject`; the record's own `__str__` (its reference) heads
    the entry's.
    """

    timeline_subject = ""  # the foreign key to the record, e.g. "complaint"

    note = models.TextField(blank=True)
    actor = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        record = getattr(self, self.timeline_subject)
        return f"{record}: {self.get_status_display()} at {local_text(self.created_at)}"


class PlaceReport(models.Model):
    """One resident's report of a problem at a place, merged into the record it is about.

    Outages and road issues gather reports the same way: each place counts once per record
    (a subclass adds the foreign key, the place's name and key, and that constraint), and
    staff see who reported what, where and when.
    """

    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    description = models.TextField(blank=True)
    contact = models.CharField(max_length=120, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    reported_by = models.CharField(max_length=120, blank=True)

    class Meta:
        abstract = True
        ordering = ["reported_at", "id"]


class DemoCharge(models.Model):
    """What the demo processor remembers per idempotency key, as a real processor does.

    Kept in the database (committed the moment the charge happens, outside the caller's
    transaction) so that "did key K charge?" survives a crash of the process that asked.
    """

    idempotency_key = models.CharField(max_length=200, unique=True)
    reference = models.CharField(max_length=100, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    currency = models.CharField(max_length=3, blank=True)
    method = models.CharField(max_length=60, blank=True)
    cancelled = models.BooleanField(default=False, help_text="Cancelled before any charge: the key never charges.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Created by parking (0005) before the gateway served every domain; the table keeps its name.
        db_table = "parking_democharge"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return "Demo payment cancelled before any charge" if self.cancelled else \
            f"Demo charge of {self.amount} {self.currency}"
