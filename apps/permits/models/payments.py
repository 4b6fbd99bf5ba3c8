"""Online payments of an application's assessed fees: one row from intent to receipt.

The row is committed as `pending` before the gateway is asked to charge (the processors'
payment-intent pattern), so a charge is never left without a record; it becomes
`succeeded` (with a receipt number, and the fees it paid point at it) or `declined`.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.money import format_money
from apps.permits.models.applications import PermitApplication


class FeePayment(models.Model):
    """An attempt to pay every outstanding fee of one application through the payment gateway."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending (charging)"
        SUCCEEDED = "succeeded", "Paid"
        DECLINED = "declined", "Declined"

    application = models.ForeignKey(PermitApplication, on_delete=models.PROTECT, related_name="fee_payments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    payment_method = models.CharField(max_length=64, help_text="The token the payer sent (never a card number).")
    method = models.CharField(max_length=60, blank=True, help_text="How it was paid, e.g. Visa ending 4242.")
    gateway = models.CharField(max_length=40, blank=True)
    gateway_reference = models.CharField(max_length=100, blank=True)
    is_test = models.BooleanField(default=False, help_text="Charged through a test gateway: no money moved.")
    processor_key = models.CharField(max_length=140, unique=True, editable=False,
                                     help_text="The idempotency key the processor saw.")
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    fingerprint = models.CharField(max_length=64, editable=False)
    receipt_number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_payment_amount_positive"),
            # Two payments of one application's fees can never be charging at once, however they race.
            models.UniqueConstraint(fields=["application"], condition=Q(status="pending"),
                                    name="fee_payment_one_pending_per_application"),
            # A caller's key names one live or paid payment; a declined attempt does not use it up.
            models.UniqueConstraint(fields=["idempotency_key"], condition=Q(status__in=["pending", "succeeded"]),
                                    name="fee_payment_idempotency_key_live_unique"),
            models.CheckConstraint(condition=~Q(status="succeeded") | Q(receipt_number__isnull=False),
                                   name="fee_payment_paid_has_receipt"),
        ]

    def __str__(self):
        return self.receipt_number or f"{self.application.reference}: {format_money(self.amount)}, {self.get_status_display()}"
