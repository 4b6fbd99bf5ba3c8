"""Transit routes, their stops and timetables; traffic alerts; road issues residents report."""
from django.db import models
from django.utils import timezone

from apps.core.display import local_text
from apps.core.models import PlaceReport, TimelineEntry
from apps.transportation.catalogue import (
    AlertType,
    DayType,
    Direction,
    IssuePriority,
    IssueType,
    Severity,
    TransitMode,
)


class Route(models.Model):
    """A transit line with its fare."""

    code = models.CharField(max_length=8, unique=True, help_text="What riders call it: \"10\", \"R\".")
    name = models.CharField(max_length=120)
    mode = models.CharField(max_length=16, choices=TransitMode.choices)
    fare = models.DecimalField(max_digits=6, decimal_places=2)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=models.Q(fare__gte=0), name="transportation_route_fare")]

    def __str__(self):
        return f"{self.code} {self.name}"


class Stop(models.Model):
    """A place where vehicles stop; found by name, code or nearness to a gazetteer place."""

    stop_code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=120)
    key = models.CharField(max_length=120, unique=True, help_text="place_key of the name.")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    accessible = models.BooleanField(default=True, help_text="Step-free boarding.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.stop_code} {self.name}"


class RouteStop(models.Model):
    """A stop's place on a route: its order and minutes from the outbound start."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="route_stops")
    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="route_stops")
    sequence = models.PositiveSmallIntegerField()
    minutes_from_start = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["route", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["route", "sequence"], name="transportation_route_stop_sequence"),
            models.UniqueConstraint(fields=["route", "stop"], name="transportation_route_stop_once"),
        ]

    def __str__(self):
        return f"{self.route.code} stop {self.sequence}: {self.stop.name}"


class Departure(models.Model):
    """A scheduled trip: when it leaves the first stop of its direction on a kind of day.

    Times at later stops add the stops' running minutes (outbound: `minutes_from_start`;
    inbound: the route's length minus it), so the timetable at every stop is computed.
    """

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="departures")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    day_type = models.CharField(max_length=8, choices=DayType.choices)
    departs_at = models.TimeField()

    class Meta:
        ordering = ["route", "direction", "day_type", "departs_at"]
        constraints = [
            models.UniqueConstraint(fields=["route", "direction", "day_type", "departs_at"],
                                    name="transportation_departure_once"),
        ]
        indexes = [models.Index(fields=["route", "day_type"], name="transportation_departure_day")]

    def __str__(self):
        return (f"{self.route.code} {self.get_direction_display()}, {self.get_day_type_display()} "
                f"{self.departs_at:%H:%M}")


class TrafficAlert(models.Model):
    """Something slowing or blocking traffic, in force from `starts_at` until `ends_at` (open-ended if blank)."""

    alert_type = models.CharField(max_length=16, choices=AlertType.choices)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    location = models.CharField(max_length=200)
    area = models.CharField(max_length=80, help_text="Neighbourhood, as traffic_alerts filters by it.")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    routes = models.ManyToManyField(Route, blank=True, related_name="alerts")
    delay_minutes = models.PositiveSmallIntegerField(default=0, help_text="Delay added to the routes' departures.")
    detour = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="transportation_alert_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title


class RoadIssue(models.Model):
    """A pothole, dark signal or other road problem at a spot, fed by residents' reports.

    Reports of the same kind of issue near an open one join it (services.road_issue_report),
    so crews see one issue with a report count, not a pile of duplicates.
    """

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        SCHEDULED = "scheduled", "Repair scheduled"
        IN_PROGRESS = "in_progress", "Crew working"
        RESOLVED = "resolved", "Resolved"

    reference = models.CharField(max_length=20, unique=True)
    issue_type = models.CharField(max_length=16, choices=IssueType.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REPORTED)
    priority = models.CharField(max_length=8, choices=IssuePriority.choices)
    location = models.CharField(max_length=200)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    description = models.TextField(blank=True)
    report_count = models.PositiveIntegerField(default=0)
    respond_by = models.DateField()
    scheduled_for = models.DateField(null=True, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    updated_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["issue_type", "status"], name="transportation_issue_open")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="resolved", resolved_at__isnull=False) | ~models.Q(status="resolved"),
                name="transportation_issue_resolved_has_time",
            ),
        ]

    def __str__(self):
        return self.reference


OPEN_ISSUE_STATUSES = (RoadIssue.Status.REPORTED, RoadIssue.Status.SCHEDULED, RoadIssue.Status.IN_PROGRESS)


class RoadIssueReport(PlaceReport):
    """One location's report of an issue; a location counts once per issue."""

    issue = models.ForeignKey(RoadIssue, on_delete=models.CASCADE, related_name="reports")
    location = models.CharField(max_length=200)
    location_key = models.CharField(max_length=200)

    class Meta(PlaceReport.Meta):
        constraints = [
            models.UniqueConstraint(fields=["issue", "location_key"], name="transportation_report_once_per_place"),
        ]

    def __str__(self):
        return f"{self.issue.reference}: report from {self.location} at {local_text(self.reported_at)}"


class RoadIssueUpdate(TimelineEntry):
    """One dated entry of an issue's timeline."""

    timeline_subject = "issue"

    issue = models.ForeignKey(RoadIssue, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=RoadIssue.Status.choices)


class RoadIssueInformation(models.Model):
    """What a reporter added to their own issue after filing it (add_road_issue_info).

    Kept apart from the timeline, whose notes are public: this text is the reporter's and
    staff's only, like the issue's description.
    """

    issue = models.ForeignKey(RoadIssue, on_delete=models.CASCADE, related_name="information")
    text = models.TextField()
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "road issue information"

    def __str__(self):
        return f"{self.issue.reference}: information added at {local_text(self.added_at)}"
