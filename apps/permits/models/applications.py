"""Permit applications and what hangs off them: timeline, assessed fees, documents."""
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.display import local_text
from apps.core.money import format_money
from apps.permits.models.types import FeeRule, PermitType, RequiredDocument


class PermitApplication(models.Model):
    """A resident's application for a permit, from submission to final inspection."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In Review"
        CORRECTIONS_REQUESTED = "corrections_requested", "Corrections Requested"
        APPROVED = "approved", "Approved"
        ISSUED = "issued", "Issued"
        INSPECTIONS = "inspections", "Inspections"
        FINALED = "finaled", "Finaled"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    permit_type = models.ForeignKey(PermitType, on_delete=models.PROTECT, related_name="applications")
    applicant = models.CharField(max_length=200)
    property_address = models.CharField(max_length=200)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="permit_applications")
    zone = models.CharField(max_length=32, blank=True, help_text="Zoning district when submitted.")
    description = models.TextField()
    valuation = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    area_sqft = models.PositiveIntegerField(null=True, blank=True)
    serves_alcohol = models.BooleanField(
        null=True, blank=True,
        help_text="The applicant's answer (submit_application's serves_alcohol); blank: read from the description.")
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    is_complete = models.BooleanField(default=False, help_text="Every mandatory document is on file.")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    submitted_by = models.CharField(max_length=200, blank=True, help_text="Who submitted (API key or address).")
    # The applicant's opt-in at filing (submit_application's notify_email): private, staff only.
    notify_email = models.EmailField(blank=True, help_text="Where status changes and inspections are emailed.")
    status_changed_at = models.DateTimeField(default=timezone.now)
    fees_due_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True, help_text="Set on approval.")
    # submit_application's optional key: a retry after a lost answer replays this application.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    request_fingerprint = models.CharField(max_length=64, blank=True, editable=False,
                                           help_text="Digest of the submission a key was used for.")

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(valuation__isnull=True) | Q(valuation__gte=0),
                                   name="permit_application_valuation_non_negative"),
            models.UniqueConstraint(fields=["idempotency_key"], name="permit_application_idempotency_key_unique"),
        ]

    def __str__(self):
        return self.reference


class TimelineEntry(models.Model):
    """One dated step of an application's history: the status it entered and why."""

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="timeline")
    status = models.CharField(max_length=24, choices=PermitApplication.Status.choices)
    note = models.TextField(blank=True)
    actor = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "timeline entries"

    def __str__(self):
        return f"{self.application.reference}: {self.get_status_display()} at {local_text(self.created_at)}"


class AssessedFee(models.Model):
    """A fee charged on an application, copied from the schedule when it was submitted."""

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="fees")
    label = models.CharField(max_length=80)
    kind = models.CharField(max_length=16, choices=FeeRule.Kind.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    note = models.CharField(max_length=200, blank=True, help_text="How the amount was worked out.")
    sequence = models.PositiveSmallIntegerField(default=0)
    paid_at = models.DateTimeField(null=True, blank=True)
    payment = models.ForeignKey("permits.FeePayment", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="fees", help_text="The online payment that paid it, if any.")

    class Meta:
        ordering = ["application", "sequence", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="assessed_fee_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.label}: {format_money(self.amount)}"


def document_upload_to(instance, filename: str) -> str:
    return f"permits/{instance.application.reference}/{filename}"


class PermitDocument(models.Model):
    """A file filed with an application, checked to be a real PDF, JPEG or PNG."""

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(RequiredDocument, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="uploads", help_text="The requirement it satisfies.")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=document_upload_to, max_length=300)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self):
        return self.filename
