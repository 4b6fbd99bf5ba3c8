"""The payment-gateway interface: the demo gateway's test tokens, and plugging in another."""
from decimal import Decimal

import pytest

from apps.core.payments import (
    Charge,
    DemoPaymentGateway,
    InvalidPaymentMethod,
    PaymentDeclined,
    PaymentGateway,
    payment_gateway,
)

# The demo gateway remembers every charge by key in the database, like a real processor.
pytestmark = pytest.mark.django_db


def charge(token, key="key-1", amount="65.00"):
    return DemoPaymentGateway().charge(amount=Decimal(amount), currency="USD", payment_method=token,
                                       description="test", idempotency_key=key)


def test_tok_visa_approves_without_moving_money():
    result = charge("tok_visa")
    assert result.method == "Visa ending 4242"
    assert result.reference.startswith("demo_ch_")
    assert DemoPaymentGateway.live is False


def test_the_same_key_gives_the_same_charge_reference():
    assert charge("tok_visa", key="a").reference == charge("tok_visa", key="a").reference
    assert charge("tok_visa", key="a").reference != charge("tok_visa", key="b").reference


@pytest.mark.parametrize("token, reason", [
    ("tok_chargeDeclined", "the card issuer declined the charge"),
    ("tok_chargeDeclinedInsufficientFunds", "insufficient funds"),
    ("tok_chargeDeclinedExpiredCard", "the card has expired"),
])
def test_decline_tokens_decline(token, reason):
    with pytest.raises(PaymentDeclined) as declined:
        charge(token)
    assert declined.value.reason == reason


@pytest.mark.parametrize("token", ["tok_unknown", "4242424242424242", "cash"])
def test_anything_else_is_not_a_payment_method(token):
    with pytest.raises(InvalidPaymentMethod):
        charge(token)


class RecordingGateway(PaymentGateway):
    name = "recording"
    live = True

    def charge(self, *, amount, currency, payment_method, description, idempotency_key):
        return Charge(reference=f"rec-{idempotency_key}", method="Recorded card")


def test_the_gateway_comes_from_settings(settings):
    assert isinstance(payment_gateway(), DemoPaymentGateway)
    settings.CIVICMIND_PAYMENT_GATEWAY = "tests.parking.test_payments.RecordingGateway"
    assert isinstance(payment_gateway(), RecordingGateway)


def test_the_interface_must_be_implemented():
    with pytest.raises(NotImplementedError):
        PaymentGateway().charge(amount=Decimal("1"), currency="USD", payment_method="x", description="",
                                idempotency_key="k")
