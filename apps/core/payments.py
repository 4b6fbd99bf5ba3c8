"""The payment-gateway interface and the demo gateway the city ships with.

A gateway turns a payment token into an approved charge or a decline. The setting
CIVICMIND_PAYMENT_GATEWAY names the class, so a real processor plugs in without touching
the services. The default demo gateway follows the processors' test-token convention
(tok_visa approves, tok_chargeDeclined declines) and never moves real money.
"""
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Charge:
    """An approved charge: the processor's reference and how the resident paid."""

    reference: str
    method: str


class PaymentDeclined(Exception):
    """The processor refused the charge; nothing was taken."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class InvalidPaymentMethod(Exception):
    """The payment method is not something this gateway can charge."""


class PaymentGateway:
    """What the services that take money (parking, permits, utilities) need from a payment processor."""

    name = "gateway"
    live = True  # False: nothing is really charged (answers say so)

    def charge(self, *, amount: Decimal, currency: str, payment_method: str, description: str,
               idempotency_key: str) -> Charge:
        """Charge `amount` to `payment_method`; raise PaymentDeclined or InvalidPaymentMethod.

        `idempotency_key` is passed on to the processor so that a retried request never
        charges twice at the processor either.
        """
        raise NotImplementedError

    def charge_cancel(self, *, idempotency_key: str) -> Charge | None:
        """Make sure `idempotency_key` never charges; return its charge if it already did.

        Reconciliation asks this of a pending intent whose process died: the answer is
        final either way (a processor cancels the payment intent, or reports it captured),
        so a charge still in flight cannot land after the intent was released.
        """
        raise NotImplementedError


class DemoPaymentGateway(PaymentGateway):
    """Approves and declines by test token; charges nothing."""

    name = "demo"
    live = False
    APPROVED = {
        "tok_visa": "Visa ending 4242",
        "tok_visa_debit": "Visa debit ending 5556",
        "tok_mastercard": "Mastercard ending 4444",
        "tok_amex": "American Express ending 8431",
        "tok_discover": "Discover ending 1117",
    }
    DECLINED = {
        "tok_chargeDeclined": "the card issuer declined the charge",
        "tok_chargeDeclinedInsufficientFunds": "insufficient funds",
        "tok_chargeDeclinedExpiredCard": "the card has expired",
        "tok_chargeDeclinedIncorrectCvc": "the security code is incorrect",
    }

    CANCELLED = "the payment was cancelled before it was charged"

    def charge(self, *, amount, currency, payment_method, description, idempotency_key) -> Charge:
        if payment_method in self.DECLINED:
            raise PaymentDeclined(self.DECLINED[payment_method])
        if payment_method not in self.APPROVED:
            raise InvalidPaymentMethod(payment_method)
        digest = hashlib.sha256(f"{idempotency_key}:{amount}:{currency}".encode()).hexdigest()[:24]
        charge = Charge(reference=f"demo_ch_{digest}", method=self.APPROVED[payment_method])
        record = _demo_remember(idempotency_key, reference=charge.reference, amount=amount, currency=currency,
                                method=charge.method)
        if record.cancelled:
            raise PaymentDeclined(self.CANCELLED)
        # A key that already charged replays its first charge, as processors do.
        return Charge(reference=record.reference, method=record.method)

    def charge_cancel(self, *, idempotency_key) -> Charge | None:
        record = _demo_remember(idempotency_key, cancelled=True)
        return None if record.cancelled else Charge(reference=record.reference, method=record.method)


def _demo_remember(key: str, **fields):
    """Record the first thing that happened to a key (a charge or a cancel) and return it.

    Committed at once on the connection's autocommit (the services call the gateway outside
    any transaction), so it outlives the process; a unique key makes concurrent first uses
    agree on one record.
    """
    from django.db import IntegrityError, transaction

    from apps.core.models import DemoCharge

    try:
        with transaction.atomic():
            return DemoCharge.objects.get_or_create(idempotency_key=key, defaults=fields)[0]
    except IntegrityError:
        return DemoCharge.objects.get(idempotency_key=key)


def processor_idempotency_key(*, key: str, fingerprint: str) -> str:
    """Return the key the processor sees for one attempt: the caller's key plus its request.

    A declined charge does not consume the caller's idempotency key (nothing was charged, no
    receipt exists), so a retry under the same key with another card may be approved; once
    approved, the key is bound to that payment (the services replay or refuse). Processors
    bind their own key to the first request's parameters and replay its outcome, a decline
    included, so the caller's key alone would make that second card fail or be refused
    there. Adding the request's fingerprint keeps an identical retry the same attempt at the
    processor (never two charges) and makes a changed request a new attempt.
    """
    return f"{key}:{fingerprint[:32]}"


@lru_cache(maxsize=4)
def _gateway_for(path: str) -> PaymentGateway:
    return import_string(path)()


def payment_gateway() -> PaymentGateway:
    """Return the configured gateway (CIVICMIND_PAYMENT_GATEWAY)."""
    return _gateway_for(settings.CIVICMIND_PAYMENT_GATEWAY)
