"""Zoning districts and the rules for each use in them, parcels, and variance applications."""
from django.db import models
from django.utils import timezone

from apps.core.models import TimelineEntry
from apps.zoning.catalogue import LandUse, ParkingBasis, UseStatus, VarianceType


class District(models.Model):
    """A zoning district (R-1, C-1…) with its development standards.

    The code is spelled as the gazetteer spells `Place.zone`, so an address's zone finds its
    district by equality.
    """

    class Category(models.TextChoices):
        RESIDENTIAL = "residential", "Residential"
        COMMERCIAL = "commercial", "Commercial"
        INDUSTRIAL = "industrial", "Industrial"
        OPEN_SPACE = "open_space", "Open space"

    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=16, choices=Category.choices)
    code_section = models.CharField(max_length=32, help_text="Chapter of the zoning code, e.g. CCMC 17.20.")
    description = models.TextField(blank=True)
    max_height_ft = models.PositiveSmallIntegerField()
    max_lot_coverage_pct = models.PositiveSmallIntegerField()
    front_setback_ft = models.PositiveSmallIntegerField()
    side_setback_ft = models.PositiveSmallIntegerField()
    rear_setback_ft = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_lot_coverage_pct__lte=100),
                                   name="zoning_district_coverage_is_a_percentage"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class UseRule(models.Model):
    """How one land use is treated in one district, with its capacity limits and parking ratio.

    A use without a row in a district is not permitted there. A permitted use above
    `capacity_by_right` needs a conditional use permit; above `capacity_limit` it is not
    allowed at all.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="use_rules")
    use = models.CharField(max_length=32, choices=LandUse.choices)
    status = models.CharField(max_length=16, choices=UseStatus.choices)
    capacity_by_right = models.PositiveIntegerField(
        null=True, blank=True, help_text="Largest seating/occupant capacity without a conditional use permit.",
    )
    capacity_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Largest seating/occupant capacity allowed at all (maximum occupancy).",
    )
    parking_spaces = models.DecimalField(max_digits=5, decimal_places=2, default=0,
                                         help_text="Spaces required per `parking_per` of the basis.")
    parking_per = models.PositiveIntegerField(default=1)
    parking_basis = models.CharField(max_length=16, choices=ParkingBasis.choices, default=ParkingBasis.NONE)
    conditions = models.TextField(blank=True, help_text="Conditions that always apply to this use here.")

    class Meta:
        ordering = ["district", "use"]
        constraints = [
            models.UniqueConstraint(fields=["district", "use"], name="zoning_use_rule_one_per_district_use"),
            models.CheckConstraint(
                condition=(models.Q(capacity_by_right__isnull=True) | models.Q(capacity_limit__isnull=True)
                           | models.Q(capacity_by_right__lte=models.F("capacity_limit"))),
                name="zoning_use_rule_by_right_within_limit",
            ),
            models.CheckConstraint(condition=models.Q(parking_per__gte=1), name="zoning_use_rule_parking_per_positive"),
        ]

    def __str__(self):
        return f"{self.district.code} {self.get_use_display()}: {self.get_status_display()}"


class Parcel(models.Model):
    """A lot on the assessor's map: its district is authoritative for the address."""

    parcel_number = models.CharField(max_length=20, unique=True, help_text="Assessor's parcel number (APN).")
    address = models.CharField(max_length=200)
    address_key = models.CharField(max_length=200, unique=True, help_text="place_key of the address.")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="parcels")
    lot_area_sqft = models.PositiveIntegerField()
    current_use = models.CharField(max_length=32, choices=LandUse.choices, blank=True)

    class Meta:
        ordering = ["parcel_number"]

    def __str__(self):
        return f"{self.parcel_number} ({self.address})"


class Variance(models.Model):
    """An application to depart from a district's standards, heard by the Board of Zoning Appeals."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        APPROVED = "approved", "Approved"
        DENIED = "denied", "Denied"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reference = models.CharField(max_length=20, unique=True)
    variance_type = models.CharField(max_length=16, choices=VarianceType.choices)
    property_address = models.CharField(max_length=200)
    address_key = models.CharField(max_length=200, db_index=True)
    parcel = models.ForeignKey(Parcel, null=True, blank=True, on_delete=models.SET_NULL, related_name="variances")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="variances")
    description = models.TextField()
    applicant = models.CharField(max_length=120)
    contact = models.CharField(max_length=120, blank=True)
    fee = models.DecimalField(max_digits=8, decimal_places=2)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    hearing_date = models.DateField(help_text="Board of Zoning Appeals meeting the application is heard at.")
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    parking_spaces_required = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="Approved parking variances: the off-street spaces the Board requires at the property, in "
                  "place of the district's ratio when that asks for more.",
    )
    submitted_by = models.CharField(max_length=120, blank=True)
    decided_by = models.CharField(max_length=120, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status__in=["approved", "denied"], decided_at__isnull=False)
                           | ~models.Q(status__in=["approved", "denied"])),
                name="zoning_variance_decision_has_time",
            ),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="zoning_variance_fee_not_negative"),
            models.CheckConstraint(
                condition=(models.Q(parking_spaces_required__isnull=True)
                           | models.Q(variance_type="parking", status="approved")),
                name="zoning_variance_parking_spaces_only_when_parking_approved",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES


DECIDED_STATUSES = frozenset({Variance.Status.APPROVED, Variance.Status.DENIED})
OPEN_STATUSES = (Variance.Status.SUBMITTED, Variance.Status.UNDER_REVIEW)

# Where an application may go next: review only from submitted; a decision or a withdrawal from any open status.
VARIANCE_TRANSITIONS = {
    Variance.Status.SUBMITTED: (Variance.Status.UNDER_REVIEW, Variance.Status.APPROVED, Variance.Status.DENIED,
                                Variance.Status.WITHDRAWN),
    Variance.Status.UNDER_REVIEW: (Variance.Status.APPROVED, Variance.Status.DENIED, Variance.Status.WITHDRAWN),
    Variance.Status.APPROVED: (),
    Variance.Status.DENIED: (),
    Variance.Status.WITHDRAWN: (),
}


class VarianceUpdate(TimelineEntry):
    """One dated entry of a variance's timeline."""

    timeline_subject = "variance"

    variance = models.ForeignKey(Variance, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=Variance.Status.choices)
