"""Noise ordinances, the complaints residents file against them, and what staff do about it."""
from django.db import models
from django.utils import timezone

from apps.core.models import TimelineEntry
from apps.noise.catalogue import NoiseType, Zone


class Ordinance(models.Model):
    """One rule of the noise code for a zone: quiet hours, decibel limits and the citation fine.

    A zone has one general rule (`noise_type` blank) and may add stricter rules for a noise
    type (construction hours, amplified sound); the specific rule wins when both exist.
    Quiet hours may wrap midnight; on Saturday and Sunday mornings they end at
    `weekend_quiet_hours_end` when set.
    """

    code = models.CharField(max_length=32, unique=True, help_text="Section of the municipal code.")
    title = models.CharField(max_length=120)
    zone = models.CharField(max_length=8, choices=Zone.choices)
    noise_type = models.CharField(
        max_length=32, choices=NoiseType.choices, blank=True,
        help_text="Blank for the zone's general rule; set for a rule about one kind of noise.",
    )
    quiet_hours_start = models.TimeField()
    quiet_hours_end = models.TimeField()
    weekend_quiet_hours_end = models.TimeField(null=True, blank=True)
    day_limit_db = models.PositiveSmallIntegerField(help_text="Limit outside quiet hours, dB(A).")
    night_limit_db = models.PositiveSmallIntegerField(help_text="Limit during quiet hours, dB(A).")
    prohibited_in_quiet_hours = models.BooleanField(
        default=False, help_text="The activity is not allowed at all during quiet hours.",
    )
    citation_fine = models.DecimalField(max_digits=8, decimal_places=2)
    summary = models.TextField()

    class Meta:
        ordering = ["zone", "noise_type", "code"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "noise_type"], name="noise_ordinance_one_per_zone_type"),
            models.CheckConstraint(condition=models.Q(night_limit_db__lte=models.F("day_limit_db")),
                                   name="noise_ordinance_night_not_louder"),
            models.CheckConstraint(condition=models.Q(citation_fine__gte=0), name="noise_ordinance_fine_not_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class NoiseLocation(models.Model):
    """A place complaints are about, one row per normalized address.

    Complaints about the same address are counted here and filed under a row lock on it,
    so two residents calling about one party at once are still linked as repeats.
    """

    key = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="noise_locations")
    zone = models.CharField(max_length=8, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    complaint_count = models.PositiveIntegerField(default=0)
    last_complaint_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Complaint(models.Model):
    """A resident's noise complaint, from filing to its outcome."""

    class Status(models.TextChoices):
        FILED = "filed", "Filed"
        ASSIGNED = "assigned", "Assigned"
        INVESTIGATING = "investigating", "Investigating"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"
        UNFOUNDED = "unfounded", "Unfounded"

    case_number = models.CharField(max_length=20, unique=True)
    noise_type = models.CharField(max_length=32, choices=NoiseType.choices)
    location = models.ForeignKey(NoiseLocation, on_delete=models.PROTECT, related_name="complaints")
    reported_location = models.CharField(max_length=200, help_text="The location as the resident gave it.")
    zone = models.CharField(max_length=8, blank=True)
    ordinance = models.ForeignKey(Ordinance, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="complaints")
    in_quiet_hours = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    observed_at = models.DateTimeField()
    filed_at = models.DateTimeField(default=timezone.now)
    reporter_name = models.CharField(max_length=120, blank=True)
    reporter_contact = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.FILED)
    status_changed_at = models.DateTimeField(default=timezone.now)
    assigned_to = models.CharField(max_length=120, blank=True)
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="repeats",
                                  help_text="The first complaint about this address within the repeat window.")
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["location", "filed_at"], name="noise_complaint_location_filed")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["filed", "assigned", "investigating", "resolved", "closed",
                                               "unfounded"]),
                name="noise_complaint_status_known",
            ),
            models.CheckConstraint(condition=~models.Q(repeat_of=models.F("id")),
                                   name="noise_complaint_not_repeat_of_itself"),
        ]

    def __str__(self):
        return self.case_number

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


FINAL_STATUSES = frozenset({Complaint.Status.CLOSED, Complaint.Status.UNFOUNDED})

# The complaint's timeline: where each status may go next.
TRANSITIONS = {
    Complaint.Status.FILED: (Complaint.Status.ASSIGNED, Complaint.Status.INVESTIGATING,
                             Complaint.Status.CLOSED, Complaint.Status.UNFOUNDED),
    Complaint.Status.ASSIGNED: (Complaint.Status.INVESTIGATING, Complaint.Status.RESOLVED,
                                Complaint.Status.CLOSED, Complaint.Status.UNFOUNDED),
    Complaint.Status.INVESTIGATING: (Complaint.Status.RESOLVED, Complaint.Status.CLOSED,
                                     Complaint.Status.UNFOUNDED),
    Complaint.Status.RESOLVED: (Complaint.Status.CLOSED,),
    Complaint.Status.CLOSED: (),
    Complaint.Status.UNFOUNDED: (),
}


class ComplaintUpdate(TimelineEntry):
    """One dated entry of a complaint's timeline: a status reached, or a note added."""

    timeline_subject = "complaint"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=Complaint.Status.choices)


class EnforcementAction(models.Model):
    """A warning or a citation issued because of a complaint."""

    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        CITATION = "citation", "Citation"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="enforcement_actions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    fine = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    note = models.TextField(blank=True)
    issued_by = models.CharField(max_length=120, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issued_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="warning", fine=0) | models.Q(kind="citation", fine__gt=0)),
                name="noise_enforcement_fine_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.complaint.case_number}"
