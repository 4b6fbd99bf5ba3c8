"""Fire-code rules by occupancy and capacity; incidents, the units that respond and their dispatches."""
from django.db import models
from django.utils import timezone

from apps.core.models import TimelineEntry
from apps.safety.catalogue import BusinessType, IncidentType, OccupancyGroup, Priority, RequirementCategory, UnitType


class OccupancyRule(models.Model):
    """Which occupancy group a business falls in at a capacity (a restaurant under 50 is B, else A-2)."""

    business_type = models.CharField(max_length=32, choices=BusinessType.choices)
    min_capacity = models.PositiveIntegerField(default=1)
    max_capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: no upper bound.")
    occupancy_group = models.CharField(max_length=8, choices=OccupancyGroup.choices)
    code_section = models.CharField(max_length=40)

    class Meta:
        ordering = ["business_type", "min_capacity"]
        constraints = [
            models.UniqueConstraint(fields=["business_type", "min_capacity"], name="safety_occupancy_rule_per_band"),
            models.CheckConstraint(
                condition=models.Q(max_capacity__isnull=True) | models.Q(max_capacity__gte=models.F("min_capacity")),
                name="safety_occupancy_rule_band_ordered",
            ),
        ]

    def __str__(self):
        upper = self.max_capacity or "∞"
        # "group A-2" is the building code's own name for it, the one fire marshals use.
        return f"{self.get_business_type_display()}, {self.min_capacity}–{upper} people: group {self.occupancy_group}"


class FireCodeRule(models.Model):
    """One fire-code requirement for an occupancy group and/or business type within a capacity band.

    A blank group or business type applies to all. `required` false rows say explicitly that
    something is not needed at that size, so answers state it instead of staying silent.
    The count is `quantity`, or one per `per_square_feet` of floor area when that is known.
    """

    code_section = models.CharField(max_length=40)
    category = models.CharField(max_length=24, choices=RequirementCategory.choices)
    occupancy_group = models.CharField(max_length=8, choices=OccupancyGroup.choices, blank=True)
    business_type = models.CharField(max_length=32, choices=BusinessType.choices, blank=True)
    min_capacity = models.PositiveIntegerField(default=0)
    max_capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: no upper bound.")
    required = models.BooleanField(default=True)
    requirement = models.TextField()
    quantity = models.PositiveIntegerField(null=True, blank=True)
    per_square_feet = models.PositiveIntegerField(null=True, blank=True)
    interval_months = models.PositiveSmallIntegerField(null=True, blank=True,
                                                       help_text="How often it recurs (inspections, servicing).")

    class Meta:
        ordering = ["category", "min_capacity", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_capacity__isnull=True) | models.Q(max_capacity__gte=models.F("min_capacity")),
                name="safety_fire_code_rule_band_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.code_section} {self.get_category_display()}"


class ResponseUnit(models.Model):
    """A fire engine, ambulance or patrol car, where it is and whether it can take a call."""

    class Status(models.TextChoices):
        AVAILABLE = "available", "Available"
        DISPATCHED = "dispatched", "Dispatched"
        ON_SCENE = "on_scene", "On scene"
        OUT_OF_SERVICE = "out_of_service", "Out of service"

    call_sign = models.CharField(max_length=20, unique=True)
    unit_type = models.CharField(max_length=16, choices=UnitType.choices)
    station = models.CharField(max_length=120)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AVAILABLE)
    current_incident = models.ForeignKey("Incident", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="assigned_units")
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["unit_type", "call_sign"]
        indexes = [models.Index(fields=["unit_type", "status"], name="safety_unit_type_status")]

    def __str__(self):
        return self.call_sign


class Incident(models.Model):
    """A reported emergency or public-safety concern, from report to resolution."""

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        DISPATCHED = "dispatched", "Units dispatched"
        ON_SCENE = "on_scene", "Units on scene"
        RESOLVED = "resolved", "Resolved"

    reference = models.CharField(max_length=20, unique=True)
    incident_type = models.CharField(max_length=24, choices=IncidentType.choices)
    priority = models.CharField(max_length=8, choices=Priority.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REPORTED)
    location = models.CharField(max_length=200)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    description = models.TextField()
    contact = models.CharField(max_length=120, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    reported_by = models.CharField(max_length=120, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="resolved", resolved_at__isnull=False) | ~models.Q(status="resolved"),
                name="safety_incident_resolved_has_time",
            ),
        ]

    def __str__(self):
        return self.reference


class Dispatch(models.Model):
    """One unit sent to one incident; it is active until cleared.

    A unit has at most one active dispatch (a partial unique constraint), so even a bug in
    the locking could not send one unit to two incidents at once.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="dispatches")
    unit = models.ForeignKey(ResponseUnit, on_delete=models.PROTECT, related_name="dispatches")
    unit_type = models.CharField(max_length=16, choices=UnitType.choices)
    distance_miles = models.DecimalField(max_digits=6, decimal_places=2)
    eta_minutes = models.PositiveSmallIntegerField()
    dispatched_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)
    dispatched_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["dispatched_at", "id"]
        verbose_name_plural = "dispatches"
        constraints = [
            models.UniqueConstraint(fields=["incident", "unit"], name="safety_dispatch_unit_once_per_incident"),
            models.UniqueConstraint(fields=["unit"], condition=models.Q(cleared_at__isnull=True),
                                    name="safety_dispatch_one_active_per_unit"),
        ]

    def __str__(self):
        return f"{self.unit.call_sign} → {self.incident.reference}"

    @property
    def is_active(self) -> bool:
        return self.cleared_at is None


class IncidentUpdate(TimelineEntry):
    """One dated entry of an incident's timeline."""

    timeline_subject = "incident"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=Incident.Status.choices)
