"""Parking records: violation types, citations, payments and parking facilities.

A citation keeps a copy of its fine (fines change; a ticket's does not) and moves
reported -> issued -> paid / contested / dismissed / void only through apps.parking.services.
"""
from django.db import models
from django.db.models import F, Q

from apps.core.money import CURRENCY
from apps.parking.fees import LateFeeSchedule


class ViolationType(models.Model):
    """A kind of violation with its fine and late-fee schedule."""

    code = models.SlugField(max_length=40, unique=True, help_text="Stable code tools use, e.g. expired_meter.")
    description = models.CharField(max_length=100, help_text="What residents read, e.g. Expired Meter.")
    ordinance = models.CharField(max_length=100, blank=True, help_text="Municipal code section, if any.")
    fine = models.DecimalField(max_digits=8, decimal_places=2)
    late_fee_initial = models.DecimalField(
        max_digits=8, decimal_places=2, default=0, help_text="Added the day after the due date.")
    late_fee_recurring = models.DecimalField(
        max_digits=8, decimal_places=2, default=0, help_text="Added again every interval after that.")
    late_fee_interval_days = models.PositiveSmallIntegerField(default=30)
    late_fee_cap = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True,
        help_text="Most late fees one citation can accrue; blank: no cap.")
    is_active = models.BooleanField(default=True, help_text="Inactive types cannot be cited or reported.")

    class Meta:
        ordering = ["description"]
        constraints = [
            models.CheckConstraint(condition=Q(fine__gte=0), name="parking_violationtype_fine_not_negative"),
            models.CheckConstraint(
                condition=Q(late_fee_initial__gte=0, late_fee_recurring__gte=0)
                & (Q(late_fee_cap__isnull=True) | Q(late_fee_cap__gte=0)),
                name="parking_violationtype_late_fees_not_negative"),
            models.CheckConstraint(condition=Q(late_fee_interval_days__gte=1),
                                   name="parking_violationtype_interval_positive"),
        ]

    def __str__(self):
        return self.description

    @property
    def late_fee_schedule(self) -> LateFeeSchedule:
        return LateFeeSchedule(initial=self.late_fee_initial, recurring=self.late_fee_recurring,
                               interval_days=self.late_fee_interval_days, cap=self.late_fee_cap)


class Citation(models.Model):
    """One parking ticket (or a resident's report awaiting review) for one plate."""

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported (awaiting review)"
        ISSUED = "issued", "Issued (unpaid)"
        CONTESTED = "contested", "Contested (decision pending)"
        PAID = "paid", "Paid"
        DISMISSED = "dismissed", "Dismissed"
        VOID = "void", "Void"

    class Source(models.TextChoices):
        OFFICER = "officer", "Parking officer"
        RESIDENT_REPORT = "resident_report", "Resident report"

    citation_number = models.CharField(max_length=20, unique=True)
    # Indexed by parking_cit_plate_status, whose first column it is.
    license_plate = models.CharField(max_length=10, help_text="Normalised: A-Z and 0-9 only.")
    violation_type = models.ForeignKey(ViolationType, on_delete=models.PROTECT, related_name="citations")
    location = models.CharField(max_length=200)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="parking_citations")
    observed_at = models.DateTimeField()
    issued_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    fine = models.DecimalField(max_digits=8, decimal_places=2, help_text="The fine when cited.")
    # Indexed by parking_cit_status_issued, whose first column it is.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REPORTED)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OFFICER)
    description = models.TextField(blank=True, help_text="What the officer or reporter saw.")
    notes = models.TextField(blank=True, help_text="Staff notes.")
    reporter = models.CharField(max_length=200, blank=True)
    photo = models.FileField(upload_to="parking/evidence/%Y/%m/", blank=True)
    contested_at = models.DateTimeField(null=True, blank=True)
    contest_reason = models.TextField(blank=True)
    contest_evidence = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decision_note = models.TextField(blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    # report_violation's optional key: a retry after a lost answer replays this report.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True,
                                           help_text="Digest of the report a key was used for.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-observed_at", "citation_number"]
        indexes = [
            # check_violations: a plate's outstanding citations.
            models.Index(fields=["license_plate", "status"], name="parking_cit_plate_status"),
            # The admin's change list, newest first (-issued_at, -pk), a page at a time;
            # and the same filtered by status.
            models.Index(fields=["issued_at", "id"], name="parking_cit_issued"),
            models.Index(fields=["status", "issued_at", "id"], name="parking_cit_status_issued"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(fine__gte=0), name="parking_citation_fine_not_negative"),
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "contested", "paid"])
                | Q(issued_at__isnull=False, due_date__isnull=False),
                name="parking_citation_issued_has_dates"),
            models.CheckConstraint(condition=~Q(status="contested") | Q(contested_at__isnull=False),
                                   name="parking_citation_contested_has_date"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_at__isnull=False),
                                   name="parking_citation_paid_has_date"),
            models.UniqueConstraint(fields=["idempotency_key"], name="parking_citation_idempotency_key_unique"),
        ]

    def __str__(self):
        return self.citation_number


class Payment(models.Model):
    """One approved payment covering one or more citations; declined charges leave no row."""

    receipt_number = models.CharField(max_length=20, unique=True)
    license_plate = models.CharField(max_length=10, db_index=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default=CURRENCY)
    method = models.CharField(max_length=60, help_text="How it was paid, e.g. Visa ending 4242.")
    gateway = models.CharField(max_length=40)
    gateway_reference = models.CharField(max_length=100)
    is_test = models.BooleanField(default=False, help_text="Made through a test gateway: no money moved.")
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    fingerprint = models.CharField(max_length=64, help_text="Digest of the request a key was used for.")
    paid_at = models.DateTimeField()
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-paid_at", "receipt_number"]
        # The admin's change list in this order, a page at a time.
        indexes = [models.Index(fields=["-paid_at", "receipt_number"], name="parking_payment_paid")]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="parking_payment_idempotency_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="parking_payment_amount_positive"),
        ]

    def __str__(self):
        return self.receipt_number


class PaymentItem(models.Model):
    """The part of a payment that settled one citation; a citation is paid at most once."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="items")
    citation = models.OneToOneField(Citation, on_delete=models.PROTECT, related_name="payment_item")
    fine = models.DecimalField(max_digits=8, decimal_places=2)
    late_fees = models.DecimalField(max_digits=8, decimal_places=2)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["payment", "citation"]
        constraints = [
            models.CheckConstraint(condition=Q(amount=F("fine") + F("late_fees")),
                                   name="parking_paymentitem_amount_adds_up"),
        ]

    def __str__(self):
        return f"{self.payment} → {self.citation}"


class PaymentIntent(models.Model):
    """An online payment the city is about to charge, committed *before* the charge.

    Money must never leave without a row that says so: the intent (with the key the
    processor sees) commits first, the charge follows, the outcome settles the intent.
    A crash in between leaves a pending intent that reconcile_payments settles by asking
    the processor whether that key charged (apps.parking.services.payment_intents).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"  # committed; the charge may or may not have happened
        SUCCEEDED = "succeeded", "Succeeded"  # charged and recorded as `payment`
        DECLINED = "declined", "Declined"  # the processor refused; nothing was taken
        RELEASED = "released", "Released"  # never charged; cancelled at the processor
        ATTENTION = "attention", "Needs attention"  # charged but could not be applied: refund by hand

    processor_key = models.CharField(max_length=200, unique=True,
                                     help_text="Idempotency key sent to the processor for this attempt.")
    idempotency_key = models.CharField(max_length=64, null=True, blank=True,
                                       help_text="The caller's key, if any.")
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    license_plate = models.CharField(max_length=10)
    citations = models.ManyToManyField(Citation, related_name="payment_intents")
    citation_numbers = models.JSONField(default=list, help_text="As the request listed them (receipt order).")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default=CURRENCY)
    payment_method = models.CharField(max_length=100, help_text="The token charged (never a card number).")
    description = models.CharField(max_length=200)
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="intent")
    note = models.CharField(max_length=200, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="parking_intent_status")]
        constraints = [
            # One live attempt per caller key: two cards under one key can never both charge.
            models.UniqueConstraint(fields=["idempotency_key"], name="parking_intent_live_key_unique",
                                    condition=Q(status__in=["pending", "succeeded"])),
            models.CheckConstraint(condition=Q(amount__gt=0), name="parking_intent_amount_positive"),
        ]

    def __str__(self):
        return f"Payment intent of {self.amount} {self.currency} for {self.license_plate}: {self.get_status_display()}"


class ParkingFacility(models.Model):
    """A street segment, garage or lot residents can park in, with rates and limits."""

    class Kind(models.TextChoices):
        STREET = "street", "Street"
        GARAGE = "garage", "Garage"
        LOT = "lot", "Lot"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    address = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    hourly_rate = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    flat_rate = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True,
                                    help_text="One price for any stay; overrides the hourly rate.")
    daily_max = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True,
                                    help_text="Most an hourly stay costs in a day.")
    time_limit_minutes = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: no limit.")
    enforcement_start = models.TimeField(null=True, blank=True)
    enforcement_end = models.TimeField(null=True, blank=True)
    capacity = models.PositiveIntegerField()
    occupied = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parking facilities"
        constraints = [
            models.CheckConstraint(condition=Q(occupied__lte=F("capacity")),
                                   name="parking_facility_occupied_within_capacity"),
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="parking_facility_hourly_rate_not_negative"),
            models.CheckConstraint(condition=Q(flat_rate__isnull=True) | Q(flat_rate__gte=0),
                                   name="parking_facility_flat_rate_not_negative"),
            models.CheckConstraint(
                condition=Q(enforcement_start__isnull=True, enforcement_end__isnull=True)
                | Q(enforcement_start__isnull=False, enforcement_end__isnull=False),
                name="parking_facility_enforcement_both_or_neither"),
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90)
                                   & Q(longitude__gte=-180, longitude__lte=180),
                                   name="parking_facility_coordinates_range"),
        ]
        # find_parking reads the facilities inside its radius's bounding box.
        indexes = [models.Index(fields=["latitude", "longitude"], name="parking_facility_geo_idx")]

    def __str__(self):
        return self.name

    @property
    def spaces_available(self) -> int:
        return self.capacity - self.occupied
