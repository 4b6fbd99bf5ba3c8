"""Abstract models every domain's records share; core itself stores nothing.

A domain's timeline model (a complaint's updates, a variance's updates, …) inherits the
fields here and adds only its foreign key and its status choices, so the rows read and
migrate the same everywhere. The fields are exactly those the domains declared before
this base existed: inheriting it changes no table.
"""
from django.db import models
from django.utils import timezone

from apps.core.display import local_text


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
