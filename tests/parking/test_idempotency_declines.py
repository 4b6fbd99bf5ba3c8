"""A declined payment does not consume its idempotency key (issue 11, item 6; docs/parking.md).

Decided: nothing was charged and no receipt exists, so a retry under the same key with
another card may be approved; from then on the key is bound to that payment (the same
request replays its receipt, a different one is refused). The processor is given the key
plus the request's fingerprint, because processors bind a key to its first parameters and
replay its outcome: with the bare key, the approved retry would fail there.
"""
import threading
from decimal import Decimal

import httpx
import pytest

from apps.core.errors import ServiceError
from apps.parking.models import Payment
from apps.core.payments import Charge, DemoPaymentGateway, PaymentDeclined
from apps.parking.services import citation_pay

HEADERS = {"MCP-Protocol-Version": "2025-06-18"}


class RecordingGateway(DemoPaymentGateway):
    """The demo gateway, recording the idempotency key each attempt reaches the processor with."""

    name = "recording"
    keys: list = []
    lock = threading.Lock()

    def charge(self, **kwargs) -> Charge:
        with self.lock:
            type(self).keys.append((kwargs["payment_method"], kwargs["idempotency_key"]))
        return super().charge(**kwargs)


@pytest.fixture
def gateway(settings):
    settings.CIVICMIND_PAYMENT_GATEWAY = "tests.parking.test_idempotency_declines.RecordingGateway"
    RecordingGateway.keys = []
    return RecordingGateway


def pay(number, method, key):
    return citation_pay(license_plate="ABC123", citation_numbers=[number], amount=Decimal("25.00"),
                        payment_method=method, idempotency_key=key, actor="tester")


@pytest.mark.django_db
def test_a_declined_key_is_a_new_attempt_at_the_processor_with_another_card(make_citation, gateway):
    number = make_citation().citation_number
    for _ in range(2):  # an identical retry of the decline is the same attempt at the processor
        with pytest.raises(ServiceError) as declined:
            pay(number, "tok_chargeDeclined", "order-7f3a-0001")
        assert declined.value.code == "payment_declined"
    approved = pay(number, "tok_visa", "order-7f3a-0001")
    assert approved.replayed is False
    (decline_1, key_1), (decline_2, key_2), (card, key_3) = gateway.keys
    assert key_1 == key_2  # same request, same processor key: it may replay its decline
    assert key_3 != key_1  # another card: a new attempt, not the declined one replayed
    assert all(key.startswith("order-7f3a-0001:") for _, key in gateway.keys)
    # From now on the key is the approved payment's.
    assert pay(number, "tok_visa", "order-7f3a-0001").payment == approved.payment
    with pytest.raises(ServiceError) as reused:
        pay(number, "tok_mastercard", "order-7f3a-0001")
    assert reused.value.code == "idempotency_key_reused"
    assert len(gateway.keys) == 3 and Payment.objects.count() == 1


class StrictProcessor(DemoPaymentGateway):
    """Behaves like a real processor: a key is bound to its first request and its outcome."""

    name = "strict"
    seen: dict = {}

    def charge(self, **kwargs) -> Charge:
        request = (kwargs["amount"], kwargs["payment_method"])
        first = self.seen.setdefault(kwargs["idempotency_key"], request)
        if first != request:
            raise PaymentDeclined("idempotency key reused with different parameters")
        return super().charge(**kwargs)


@pytest.mark.django_db
def test_the_approved_retry_also_passes_a_processor_that_binds_keys(make_citation, settings):
    settings.CIVICMIND_PAYMENT_GATEWAY = "tests.parking.test_idempotency_declines.StrictProcessor"
    StrictProcessor.seen = {}
    number = make_citation().citation_number
    with pytest.raises(ServiceError):
        pay(number, "tok_chargeDeclinedInsufficientFunds", "order-7f3a-0002")
    assert pay(number, "tok_visa", "order-7f3a-0002").payment.method == "Visa ending 4242"


def call(server, name, arguments):
    body = {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": name, "arguments": arguments}}
    response = httpx.post(server.mcp_url("parking"), json=body, headers=HEADERS, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["result"]


def test_declined_then_approved_under_one_key_through_the_server(server, demo_city):
    owed = call(server, "check_violations", {"license_plate": "ABC123"})["structuredContent"]
    arguments = {"license_plate": "ABC123", "amount": owed["total_outstanding"],
                 "citation_numbers": [v["citation_number"] for v in owed["violations"]],
                 "idempotency_key": "3b9d6c1e-5a2f-4e8b-9c7d-0a1b2c3d4e5f"}
    declined = call(server, "make_payment", {**arguments, "payment_method": "tok_chargeDeclined"})
    assert declined["isError"] is True
    assert declined["structuredContent"]["error"]["field"] == "payment_method"
    approved = call(server, "make_payment", {**arguments, "payment_method": "tok_visa"})
    assert approved["isError"] is False
    receipt = approved["structuredContent"]["receipt_number"]
    again = call(server, "make_payment", {**arguments, "payment_method": "tok_visa"})
    assert (again["structuredContent"]["receipt_number"], again["structuredContent"]["replayed"]) == (receipt, True)
    other_card = call(server, "make_payment", {**arguments, "payment_method": "tok_mastercard"})
    assert other_card["isError"] is True
    assert other_card["structuredContent"]["error"]["code"] == "idempotency_key_reused"
    assert Payment.objects.filter(idempotency_key=arguments["idempotency_key"]).count() == 1
