"""The permit catalogue: permit types and the rows that make up their rules.

Every rule (a fee, a document, a condition) is a row staff edit in the admin, with a
condition saying when it applies (always, over the size threshold, when alcohol is served…),
so answers are computed from the catalogue and a fee change needs no deploy.
"""
from django.db import models
from django.db.models import Q


class Condition(models.TextChoices):
    """When a catalogue row applies to a project (see apps.permits.rules.applies)."""

    ALWAYS = "always", "Always"
    WITHIN_THRESHOLD = "within_threshold", "Size at or under the threshold"
    OVER_THRESHOLD = "over_threshold", "Size over the threshold"
    SERVES_ALCOHOL = "serves_alcohol", "Alcohol is served"
    BUSINESS_TYPE = "business_type", "Business type is one of"
    PROJECT_SCOPE = "project_scope", "Project scope is one of"


class PermitType(models.Model):
    """A kind of permit or licence the city issues, with its review and validity periods."""

    class Category(models.TextChoices):
        BUILDING = "building", "Building"
        TRADE = "trade", "Trade (electrical, plumbing…)"
        BUSINESS = "business", "Business licence"
        SIGN = "sign", "Sign"
        DEMOLITION = "demolition", "Demolition"

    code = models.SlugField(max_length=40, unique=True, help_text="What assistants pass as permit_type.")
    name = models.CharField(max_length=100, help_text="e.g. \"Residential Deck Permit\".")
    icon = models.CharField(max_length=8, blank=True, default="📄")
    category = models.CharField(max_length=16, choices=Category.choices)
    project_label = models.CharField(max_length=100, help_text="How a project is named, e.g. \"Deck Addition\".")
    description = models.TextField(blank=True)
    area_threshold_sqft = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="Projects larger than this follow the over-threshold rows; blank when size does not matter.",
    )
    zone_classes = models.CharField(
        max_length=40, blank=True,
        help_text="Comma-separated zoning classes the permit is issued in (R, C, I, M); blank for any.",
    )
    review_days_min = models.PositiveSmallIntegerField(help_text="Calendar days, fastest review.")
    review_days_max = models.PositiveSmallIntegerField(help_text="Calendar days, slowest review.")
    validity_label = models.CharField(max_length=40, default="Construction Period")
    validity_months = models.PositiveSmallIntegerField(help_text="Months the permit stays valid after approval.")
    payment_due_days = models.PositiveSmallIntegerField(default=7, help_text="Days to pay fees after submitting.")
    tip = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(review_days_min__lte=models.F("review_days_max")),
                                   name="permit_type_review_days_ordered"),
        ]

    def __str__(self):
        return self.name

    def zone_class_list(self) -> list[str]:
        return [part.strip().upper() for part in self.zone_classes.split(",") if part.strip()]


class ConditionalRow(models.Model):
    """A catalogue row that applies to a project only under its condition."""

    applies_when = models.CharField(max_length=20, choices=Condition.choices, default=Condition.ALWAYS)
    match_values = models.CharField(
        max_length=200, blank=True,
        help_text="Comma-separated business types or project scopes, for those two conditions.",
    )
    sequence = models.PositiveSmallIntegerField(default=0, help_text="Order within the permit type.")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(applies_when__in=[Condition.BUSINESS_TYPE, Condition.PROJECT_SCOPE]) | ~Q(match_values=""),
                name="%(app_label)s_%(class)s_match_values_given",
            ),
        ]

    def match_value_list(self) -> list[str]:
        return [part.strip().lower() for part in self.match_values.split(",") if part.strip()]


class FeeRule(ConditionalRow):
    """One line of a fee schedule: a flat part plus a rate on the valuation or the area."""

    class Kind(models.TextChoices):
        PERMIT = "permit", "Permit fee"
        PLAN_REVIEW = "plan_review", "Plan review"
        INSPECTION = "inspection", "Inspections"
        LICENSE = "license", "Licence"
        OTHER = "other", "Other"

    class Basis(models.TextChoices):
        NONE = "none", "Flat"
        VALUATION = "valuation", "Project valuation ($)"
        AREA = "area", "Project area (sq ft)"

    permit_type = models.ForeignKey(PermitType, on_delete=models.CASCADE, related_name="fee_rules")
    label = models.CharField(max_length=80, help_text="As shown to residents, e.g. \"Plan Review\".")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    flat_amount = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    basis = models.CharField(max_length=16, choices=Basis.choices, default=Basis.NONE)
    rate = models.DecimalField(max_digits=10, decimal_places=4, default=0,
                               help_text="Dollars per `per_units` of the basis.")
    per_units = models.PositiveIntegerField(default=1, help_text="e.g. 1000 for \"per $1,000 of valuation\".")
    minimum = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["permit_type", "sequence", "pk"]
        constraints = [
            *ConditionalRow.Meta.constraints,
            models.CheckConstraint(condition=Q(flat_amount__gte=0), name="fee_rule_flat_amount_non_negative"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="fee_rule_rate_non_negative"),
            models.CheckConstraint(condition=Q(per_units__gte=1), name="fee_rule_per_units_positive"),
            models.CheckConstraint(condition=~Q(basis="none") | Q(rate=0), name="fee_rule_flat_has_no_rate"),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(maximum__isnull=True) | Q(minimum__lte=models.F("maximum")),
                name="fee_rule_minimum_at_most_maximum",
            ),
        ]

    def __str__(self):
        return f"{self.permit_type.name}: {self.label}"


class RequiredDocument(ConditionalRow):
    """A document an application needs; `mandatory` ones decide completeness."""

    permit_type = models.ForeignKey(PermitType, on_delete=models.CASCADE, related_name="required_documents")
    code = models.SlugField(max_length=40, help_text="Pass as document_type when uploading.")
    name = models.CharField(max_length=160)
    icon = models.CharField(max_length=8, blank=True)
    mandatory = models.BooleanField(default=True, help_text="Unticked for \"if applicable\" documents.")
    keywords = models.CharField(
        max_length=200, blank=True,
        help_text="Comma-separated words; an upload whose file name contains one counts as this document.",
    )

    class Meta:
        ordering = ["permit_type", "sequence", "pk"]
        constraints = [
            *ConditionalRow.Meta.constraints,
            models.UniqueConstraint(fields=["permit_type", "code"], name="required_document_code_unique"),
        ]

    def __str__(self):
        return self.name

    def keyword_list(self) -> list[str]:
        return [part.strip().lower() for part in self.keywords.split(",") if part.strip()]


class PermitCondition(ConditionalRow):
    """A standing condition ("Standard setback requirements apply") or a code reference."""

    class Kind(models.TextChoices):
        CONDITION = "condition", "Condition"
        CODE = "code", "Building code reference"

    permit_type = models.ForeignKey(PermitType, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CONDITION)
    text = models.CharField(max_length=300)
    applicant_step = models.BooleanField(
        default=False, help_text="A step the applicant still has to take (register, disconnect, install): shown "
                                 "as a to-do, never as met. Off: a rule the project follows (setbacks apply).")

    class Meta:
        ordering = ["permit_type", "sequence", "pk"]
        constraints = [*ConditionalRow.Meta.constraints]

    def __str__(self):
        return self.text


class InspectionType(models.Model):
    """An inspection a permit goes through, in order (foundation, framing, final)."""

    permit_type = models.ForeignKey(PermitType, on_delete=models.CASCADE, related_name="inspection_types")
    code = models.SlugField(max_length=40, help_text="What assistants pass as inspection_type.")
    name = models.CharField(max_length=80)
    timing = models.CharField(max_length=120, blank=True, help_text="When to book it, e.g. \"before building\".")
    required = models.BooleanField(default=True, help_text="Must pass before the permit is finaled.")
    sequence = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["permit_type", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["permit_type", "code"], name="inspection_type_code_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.permit_type.name})"
