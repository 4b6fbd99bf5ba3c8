"""Waste collection areas and schedules, bulk pickups, environmental reports, sustainability programs."""
from django.db import models
from django.utils import timezone

from apps.core.display import weekday_name
from apps.core.models import TimelineEntry
from apps.environmental.catalogue import Frequency, ProgramCategory, ReportPriority, ReportType, WasteStream


class CollectionArea(models.Model):
    """A collection route: the streets it serves, its centre, and its bulk pickup day and capacity."""

    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=80)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, help_text="Centre; places off the street "
                                   "list go to the nearest area.")
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    bulk_weekday = models.PositiveSmallIntegerField(help_text="Bulk pickup day: 0 Monday … 4 Friday.")
    bulk_capacity = models.PositiveSmallIntegerField(help_text="Bulk pickups a crew takes on one day.")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(bulk_weekday__lte=4), name="environmental_area_bulk_weekday"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class CollectionAreaStreet(models.Model):
    """A street an area serves, by the gazetteer's street key."""

    area = models.ForeignKey(CollectionArea, on_delete=models.CASCADE, related_name="streets")
    street_name = models.CharField(max_length=120)
    street_key = models.CharField(max_length=120, unique=True, help_text="place_key of the street name.")

    class Meta:
        ordering = ["street_name"]

    def __str__(self):
        return self.street_name


class CollectionSchedule(models.Model):
    """When one waste stream is collected in an area; biweekly streams run on weeks of `anchor_date`."""

    area = models.ForeignKey(CollectionArea, on_delete=models.CASCADE, related_name="schedules")
    stream = models.CharField(max_length=16, choices=WasteStream.choices)
    weekday = models.PositiveSmallIntegerField(help_text="0 Monday … 4 Friday.")
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    anchor_date = models.DateField(null=True, blank=True, help_text="A collection date, for biweekly streams.")

    class Meta:
        ordering = ["area", "stream"]
        constraints = [
            models.UniqueConstraint(fields=["area", "stream"], name="environmental_schedule_one_per_stream"),
            models.CheckConstraint(condition=models.Q(weekday__lte=4), name="environmental_schedule_weekday"),
            models.CheckConstraint(condition=models.Q(frequency="weekly") | models.Q(anchor_date__isnull=False),
                                   name="environmental_schedule_biweekly_has_anchor"),
        ]

    def __str__(self):
        return f"{self.area.name} {self.get_stream_display()}: {weekday_name(self.weekday)}"


class CollectionHoliday(models.Model):
    """A day without collection: that week's pickups on or after it slide one day later."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class BulkItemRule(models.Model):
    """Whether bulk pickups take an item named by `keyword`, and what to do with it otherwise."""

    keyword = models.CharField(max_length=40, unique=True, help_text="One word, as choice_key spells it.")
    accepted = models.BooleanField(default=False)
    instructions = models.CharField(max_length=300)

    class Meta:
        ordering = ["keyword"]

    def __str__(self):
        return self.keyword


class PickupSlot(models.Model):
    """One area's bulk pickup day: how many pickups it takes and how many are booked."""

    area = models.ForeignKey(CollectionArea, on_delete=models.CASCADE, related_name="slots")
    date = models.DateField()
    capacity = models.PositiveSmallIntegerField()
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["date", "area"]
        constraints = [
            models.UniqueConstraint(fields=["area", "date"], name="environmental_slot_one_per_area_day"),
            models.CheckConstraint(condition=models.Q(booked__lte=models.F("capacity")),
                                   name="environmental_slot_within_capacity"),
        ]

    def __str__(self):
        return f"{self.area.name} {self.date}: {self.booked} of {self.capacity} booked"


class PickupAddress(models.Model):
    """An address that books bulk pickups; locked while it books, so its free pickups are counted right."""

    key = models.CharField(max_length=200, unique=True)
    address = models.CharField(max_length=200)

    class Meta:
        ordering = ["address"]
        verbose_name_plural = "pickup addresses"

    def __str__(self):
        return self.address


class BulkPickup(models.Model):
    """A booked bulk-item pickup at an address on its area's bulk day."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        MISSED = "missed", "Missed (items not out)"
        CANCELLED = "cancelled", "Cancelled"

    reference = models.CharField(max_length=20, unique=True)
    area = models.ForeignKey(CollectionArea, on_delete=models.PROTECT, related_name="pickups")
    slot = models.ForeignKey(PickupSlot, on_delete=models.PROTECT, related_name="pickups")
    pickup_address = models.ForeignKey(PickupAddress, on_delete=models.PROTECT, related_name="pickups")
    address = models.CharField(max_length=200)
    items = models.JSONField(default=list)
    item_count = models.PositiveSmallIntegerField()
    scheduled_for = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    fee = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    contact = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.CharField(max_length=120, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(fee__gte=0), name="environmental_pickup_fee")]

    def __str__(self):
        return self.reference


class BulkPickupUpdate(TimelineEntry):
    """One dated entry of a pickup's timeline: booked, cancelled, collected or missed."""

    timeline_subject = "pickup"

    pickup = models.ForeignKey(BulkPickup, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=BulkPickup.Status.choices)


class EnvironmentalReport(models.Model):
    """A resident's report of dumping, pollution or another environmental concern."""

    class Status(models.TextChoices):
        FILED = "filed", "Filed"
        INVESTIGATING = "investigating", "Investigating"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    report_type = models.CharField(max_length=24, choices=ReportType.choices)
    priority = models.CharField(max_length=8, choices=ReportPriority.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.FILED)
    location = models.CharField(max_length=200)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    description = models.TextField()
    contact = models.CharField(max_length=120, blank=True)
    respond_by = models.DateField()
    filed_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    filed_by = models.CharField(max_length=120, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-filed_at", "-id"]

    def __str__(self):
        return self.reference


class EnvironmentalReportUpdate(TimelineEntry):
    """One dated entry of a report's timeline."""

    timeline_subject = "report"

    report = models.ForeignKey(EnvironmentalReport, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=EnvironmentalReport.Status.choices)


class SustainabilityProgram(models.Model):
    """A city program residents can join: rebates, free services, workshops."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=16, choices=ProgramCategory.choices)
    description = models.TextField()
    benefit = models.CharField(max_length=200)
    rebate_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True,
                                        help_text="Largest rebate, if the program pays one.")
    eligibility = models.CharField(max_length=300)
    how_to_apply = models.CharField(max_length=300)
    url = models.URLField(blank=True)
    enrollment_deadline = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self):
        return self.name
