"""The inspector calendar: inspectors, their days off, city closures and booked inspections."""
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.display import local_text
from apps.permits.models.applications import PermitApplication
from apps.permits.models.types import InspectionType


class Inspector(models.Model):
    """A city building inspector; each takes one inspection per slot."""

    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class InspectorAbsence(models.Model):
    """A day an inspector is not available (leave, training)."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="absences")
    date = models.DateField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["date", "inspector"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "date"], name="inspector_absence_unique_day"),
        ]

    def __str__(self):
        return f"{self.inspector} off {self.date}"


class InspectionClosure(models.Model):
    """A weekday with no inspections at all (a city holiday)."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date}: {self.reason}"


class Inspection(models.Model):
    """One booked inspection of a permit, in one inspector's slot."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="inspections")
    inspection_type = models.ForeignKey(InspectionType, on_delete=models.PROTECT, related_name="inspections")
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="inspections")
    scheduled_for = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    result_note = models.TextField(blank=True)
    requested_by = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheduled_for", "pk"]
        constraints = [
            # Two bookings can never share an inspector's slot, however they race.
            models.UniqueConstraint(fields=["inspector", "scheduled_for"], condition=~Q(status="cancelled"),
                                    name="inspection_inspector_slot_unique"),
            # One pending booking per inspection of a permit.
            models.UniqueConstraint(fields=["application", "inspection_type"], condition=Q(status="scheduled"),
                                    name="inspection_one_pending_per_type"),
        ]

    def __str__(self):
        return f"{self.inspection_type.name} for {self.application.reference} at {local_text(self.scheduled_for)}"
