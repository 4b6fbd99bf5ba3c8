"""Utility accounts and their bills, residents' service requests, and outages."""
from django.db import models
from django.utils import timezone

from apps.core.display import local_text
from apps.core.models import PlaceReport, TimelineEntry
from apps.utilities.catalogue import RequestType, ServiceType


class Account(models.Model):
    """A customer account: who pays for which services at one service address."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    account_number = models.CharField(max_length=20, unique=True)
    holder_name = models.CharField(max_length=120)
    service_address = models.CharField(max_length=200)
    address_key = models.CharField(max_length=200, db_index=True)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="utility_accounts")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    opened_on = models.DateField()

    class Meta:
        ordering = ["account_number"]

    def __str__(self):
        return f"{self.account_number} ({self.holder_name})"


class AccountService(models.Model):
    """One service (water, electric…) an account receives, with its meter."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(max_length=16, choices=ServiceType.choices)
    meter_number = models.CharField(max_length=32, blank=True)
    started_on = models.DateField()

    class Meta:
        ordering = ["account", "service_type"]
        constraints = [
            models.UniqueConstraint(fields=["account", "service_type"], name="utilities_one_service_of_a_type"),
        ]

    def __str__(self):
        return f"{self.account.account_number}: {self.get_service_type_display()}"


class Bill(models.Model):
    """A statement for one billing period; paid in full when amount_paid reaches amount."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="bills")
    bill_number = models.CharField(max_length=24, unique=True)
    period_start = models.DateField()
    period_end = models.DateField()
    issued_on = models.DateField()
    due_date = models.DateField()
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    amount_paid = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    paid_on = models.DateField(null=True, blank=True, help_text="Date of the last payment.")

    class Meta:
        ordering = ["account", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["account", "period_start"], name="utilities_bill_one_per_period"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="utilities_bill_period_ordered"),
            models.CheckConstraint(condition=models.Q(due_date__gte=models.F("issued_on")),
                                   name="utilities_bill_due_after_issue"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="utilities_bill_amount_not_negative"),
            models.CheckConstraint(condition=models.Q(amount_paid__gte=0, amount_paid__lte=models.F("amount")),
                                   name="utilities_bill_paid_within_amount"),
        ]

    def __str__(self):
        return self.bill_number

    @property
    def balance(self):
        return self.amount - self.amount_paid


class BillLine(models.Model):
    """One service's charge on a bill, with the usage it was computed from."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    service_type = models.CharField(max_length=16, choices=ServiceType.choices)
    description = models.CharField(max_length=120)
    usage = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=16, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["bill", "id"]

    def __str__(self):
        return f"{self.bill.bill_number}: {self.description}"


class ServiceRequest(models.Model):
    """A resident's request to start, stop or fix a service, with the date staff respond by."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SCHEDULED = "scheduled", "Scheduled"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    class Priority(models.TextChoices):
        URGENT = "urgent", "Urgent"
        NORMAL = "normal", "Normal"

    reference = models.CharField(max_length=20, unique=True)
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="service_requests")
    service_type = models.CharField(max_length=16, choices=ServiceType.choices)
    request_type = models.CharField(max_length=24, choices=RequestType.choices)
    address = models.CharField(max_length=200)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    description = models.TextField()
    contact = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    respond_by = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.CharField(max_length=120, blank=True)
    updated_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.reference


class ServiceRequestUpdate(TimelineEntry):
    """One status move of a service request, as the requester reads it when tracking it."""

    timeline_subject = "request"

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=ServiceRequest.Status.choices)


class BillPayment(models.Model):
    """One online payment of a bill: committed as an intent before the card is charged.

    The processors' payment-intent pattern (as parking's PaymentIntent): the row is written
    `pending` before the gateway is called, so a charge is never unrecorded; it becomes
    `succeeded` (with a receipt, and the bill's amount_paid raised) or `declined` (nothing
    taken, the bill untouched). One pending payment per bill at a time, and one successful
    payment per idempotency key, are constraints, not checks.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        DECLINED = "declined", "Declined"

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    receipt_number = models.CharField(max_length=24, unique=True, null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True,
                                       help_text="The caller's key: a retry with it gets this receipt back.")
    fingerprint = models.CharField(max_length=64, help_text="Digest of what was asked, to tell retries apart.")
    processor_key = models.CharField(max_length=120, unique=True, help_text="The key the gateway saw.")
    method = models.CharField(max_length=60, blank=True, help_text="How it was paid, e.g. Visa ending 4242.")
    gateway = models.CharField(max_length=20, blank=True)
    gateway_reference = models.CharField(max_length=100, blank=True)
    is_test = models.BooleanField(default=False, help_text="Charged through a test gateway: no money moved.")
    note = models.CharField(max_length=200, blank=True, help_text="Why it was declined.")
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="utilities_payment_amount_positive"),
            models.UniqueConstraint(fields=["bill"], condition=models.Q(status="pending"),
                                    name="utilities_payment_one_pending_per_bill"),
            models.UniqueConstraint(fields=["idempotency_key"], condition=models.Q(status="succeeded"),
                                    name="utilities_payment_one_success_per_key"),
        ]

    def __str__(self):
        return self.receipt_number or f"{self.bill.bill_number} payment, {self.get_status_display()}"


class Outage(models.Model):
    """A loss of one service around a place, fed by residents' reports.

    Reports of the same service near an active outage join it (see services.outage_report),
    so crews see one outage with a report count, not a pile of duplicates.
    """

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        CONFIRMED = "confirmed", "Confirmed"
        CREW_DISPATCHED = "crew_dispatched", "Crew dispatched"
        RESOLVED = "resolved", "Resolved"

    outage_id = models.CharField(max_length=20, unique=True)
    service_type = models.CharField(max_length=16, choices=ServiceType.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REPORTED)
    address = models.CharField(max_length=200, help_text="Where the first report came from.")
    area = models.CharField(max_length=200, blank=True, help_text="The affected area as crews describe it.")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    affected_radius_feet = models.PositiveIntegerField(
        null=True, blank=True, help_text="Known extent; reports within it (or the default radius) join this outage.",
    )
    description = models.TextField(blank=True)
    cause = models.CharField(max_length=200, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    estimated_restoration = models.DateTimeField(null=True, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    resolution_note = models.TextField(blank=True)
    updated_by = models.CharField(max_length=120, blank=True, help_text="Who last changed its status.")

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["service_type", "status"], name="utilities_outage_type_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="resolved", resolved_at__isnull=False) | ~models.Q(status="resolved"),
                name="utilities_outage_resolved_has_time",
            ),
        ]

    def __str__(self):
        return self.outage_id

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.RESOLVED


ACTIVE_OUTAGE_STATUSES = (Outage.Status.REPORTED, Outage.Status.CONFIRMED, Outage.Status.CREW_DISPATCHED)


class OutageReport(PlaceReport):
    """One address's report of an outage; an address counts once per outage."""

    outage = models.ForeignKey(Outage, on_delete=models.CASCADE, related_name="reports")
    address = models.CharField(max_length=200)
    address_key = models.CharField(max_length=200)

    class Meta(PlaceReport.Meta):
        constraints = [
            models.UniqueConstraint(fields=["outage", "address_key"], name="utilities_outage_report_once_per_address"),
        ]

    def __str__(self):
        return f"{self.outage.outage_id}: report from {self.address} at {local_text(self.reported_at)}"
