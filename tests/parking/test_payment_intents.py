"""A charge is never left unrecorded: intents commit first, and reconcile settles what a crash left.

Each test breaks the flow at the worst moment — after the processor charged, before the
payment was written — and checks that a pending intent remains, that nothing charges twice
on retries (with or without the key, concurrent or not), and that reconcile_payments
settles the intent with the processor's answer.
"""
import io
import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from apps.core.errors import ServiceError
from apps.parking import errors
from apps.core.models import DemoCharge
from apps.parking.models import Citation, Payment, PaymentIntent
from apps.core.payments import Charge, DemoPaymentGateway, PaymentDeclined
from apps.parking.services import citation_pay, citation_payment_record
from tests.parking.helpers import events


class CrashingGateway(DemoPaymentGateway):
    """The demo gateway, with a hook that breaks the database right after (or before) the charge."""

    name = "crashing"
    charges = 0
    hook = None  # "kill": terminate this connection (PostgreSQL); "fail": the payment insert fails; "die": no charge
    lock = threading.Lock()

    def charge(self, **kwargs) -> Charge:
        if self.hook == "die":
            type(self).hook = None
            raise RuntimeError("the worker died before the charge reached the processor")
        result = super().charge(**kwargs)
        with self.lock:
            type(self).charges += 1
        if self.hook == "kill":
            type(self).hook = None
            _terminate_own_connection()
        if self.hook == "void":  # staff void the citation while the charge is in flight
            type(self).hook = None
            Citation.objects.update(status=Citation.Status.VOID)
        return result


def _terminate_own_connection():
    """pg_terminate_backend of the service's own connection, from another connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def _failing_payment_insert(execute, sql, params, many, context):
    if sql.startswith('INSERT INTO "parking_payment" '):
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


@pytest.fixture
def gateway(settings):
    settings.CIVICMIND_PAYMENT_GATEWAY = "tests.parking.test_payment_intents.CrashingGateway"
    settings.PARKING_PAYMENT_INTENT_WAIT_SECONDS = 0
    CrashingGateway.charges, CrashingGateway.hook = 0, None
    return CrashingGateway


def pay(number, *, key=None, method="tok_visa", amount="25.00"):
    return citation_pay(license_plate="ABC123", citation_numbers=[number], amount=Decimal(amount),
                        payment_method=method, idempotency_key=key, actor="tester")


def crash_after_charge(number, *, key):
    """Pay, with the outcome write failing after the processor charged; return the error."""
    if connection.vendor == "postgresql":
        CrashingGateway.hook = "kill"
        with pytest.raises(ServiceError) as error:
            pay(number, key=key)
    else:
        with connection.execute_wrapper(_failing_payment_insert), pytest.raises(ServiceError) as error:
            pay(number, key=key)
    return error.value


def assert_pending_and_charged_once(citation):
    intent = PaymentIntent.objects.get()
    assert intent.status == "pending" and intent.payment is None
    assert list(DemoCharge.objects.values_list("idempotency_key", "cancelled")) == [(intent.processor_key, False)]
    assert Citation.objects.get(pk=citation.pk).status == "issued"
    assert Payment.objects.count() == 0 and events("violation.paid") == []
    return intent


def _refused(call):
    with pytest.raises(ServiceError) as error:
        call()
    return error.value.code


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("key", ["order-crash-0001", None])
def test_a_charge_whose_record_failed_stays_pending_and_reconcile_settles_it(make_citation, gateway, key):
    citation = make_citation()
    error = crash_after_charge(citation.citation_number, key=key)
    assert (error.code, error.message) == ("payment_not_recorded", errors.PAYMENT_NOT_RECORDED)
    intent = assert_pending_and_charged_once(citation)

    # Retries before the reconcile, with the key or without: refused, never charged again.
    assert _refused(lambda: pay(citation.citation_number, key=key)) == "payment_in_progress"
    assert _refused(lambda: pay(citation.citation_number)) == "payment_in_progress"
    assert gateway.charges == 1

    call_command("reconcile_payments", older_than=0, stdout=(out := io.StringIO()))
    assert out.getvalue() == "Reconciled payment intents — succeeded: 1.\n"
    intent.refresh_from_db()
    payment = Payment.objects.get()
    assert (intent.status, intent.payment, payment.idempotency_key) == ("succeeded", payment, key)
    assert payment.gateway_reference == DemoCharge.objects.get().reference
    assert payment.receipt_number.startswith("RCP-")
    assert Citation.objects.get(pk=citation.pk).status == "paid"
    assert [e.data["receipt_number"] for e in events("violation.paid")] == [payment.receipt_number]

    # After it: the key replays the receipt; without a key the citation is simply paid.
    if key:
        assert pay(citation.citation_number, key=key).payment == payment
    assert _refused(lambda: pay(citation.citation_number)) == "not_payable"
    assert gateway.charges == 1 and DemoCharge.objects.count() == 1
    call_command("reconcile_payments", older_than=0, stdout=(out := io.StringIO()))
    assert out.getvalue() == "Reconciled payment intents — none pending.\n"


@pytest.mark.django_db(transaction=True)
def test_a_retry_with_the_key_settles_a_stale_intent_on_the_spot(make_citation, gateway, settings):
    citation = make_citation()
    crash_after_charge(citation.citation_number, key="order-crash-0002")
    settings.PARKING_PAYMENT_INTENT_STALE_SECONDS = 0  # its request is presumed dead
    outcome = pay(citation.citation_number, key="order-crash-0002")
    assert outcome.replayed is True and outcome.payment == Payment.objects.get()
    assert PaymentIntent.objects.get().status == "succeeded"
    assert gateway.charges == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_after_a_crash_charge_once(make_citation, gateway, settings):
    citation = make_citation()
    crash_after_charge(citation.citation_number, key="order-crash-0003")
    settings.PARKING_PAYMENT_INTENT_STALE_SECONDS = 0
    settings.PARKING_PAYMENT_INTENT_WAIT_SECONDS = 10
    barrier, results = threading.Barrier(4), []

    def retry(key):
        try:
            barrier.wait()
            outcome = pay(citation.citation_number, key=key)
            results.append(("paid", outcome.payment.receipt_number))
        except ServiceError as error:
            results.append(("refused", error.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=retry, args=(key,)) for key in ["order-crash-0003"] * 2 + [None, "other-1"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    receipt = Payment.objects.get().receipt_number
    assert sorted(results) == [("paid", receipt), ("paid", receipt), ("refused", "not_payable"),
                               ("refused", "not_payable")]
    assert gateway.charges == 1 and DemoCharge.objects.count() == 1
    assert len(events("violation.paid")) == 1


@pytest.mark.django_db(transaction=True)
def test_an_intent_that_never_charged_is_released_and_its_key_can_never_charge(make_citation, gateway):
    citation = make_citation()
    gateway.hook = "die"
    with pytest.raises(RuntimeError):
        pay(citation.citation_number, key="order-died-0001")
    intent = PaymentIntent.objects.get()
    assert intent.status == "pending" and DemoCharge.objects.count() == 0

    call_command("reconcile_payments", older_than=0, stdout=io.StringIO())
    intent.refresh_from_db()
    assert intent.status == "released" and Payment.objects.count() == 0
    assert Citation.objects.get(pk=citation.pk).status == "issued"
    # The processor refuses the cancelled key for good, so a late charge cannot land unrecorded.
    with pytest.raises(PaymentDeclined):
        DemoPaymentGateway().charge(amount=Decimal("25.00"), currency="USD", payment_method="tok_visa",
                                    description="late", idempotency_key=intent.processor_key)
    # The resident's retry under the same key is a new attempt at the processor, and pays.
    outcome = pay(citation.citation_number, key="order-died-0001")
    assert outcome.replayed is False and outcome.payment.intent.processor_key == f"{intent.processor_key}:r1"
    assert gateway.charges == 1 and Citation.objects.get(pk=citation.pk).status == "paid"


@pytest.mark.django_db(transaction=True)
def test_reconcile_leaves_young_intents_to_the_request_still_charging(make_citation, gateway):
    citation = make_citation()
    crash_after_charge(citation.citation_number, key="order-young-0001")
    call_command("reconcile_payments", stdout=(out := io.StringIO()))  # default: 120 s
    assert out.getvalue() == "Reconciled payment intents — none pending.\n"
    assert PaymentIntent.objects.get().status == "pending"


@pytest.mark.django_db(transaction=True)
def test_a_counter_payment_waits_for_a_pending_online_one(make_citation, gateway):
    citation = make_citation()
    crash_after_charge(citation.citation_number, key=None)
    with pytest.raises(ServiceError) as error:
        citation_payment_record(citation_id=citation.pk, amount=Decimal("25.00"), method="Cash", actor="clerk")
    assert (error.value.code, error.value.message) == (
        "payment_in_progress", errors.PAYMENT_IN_PROGRESS.format(number=citation.citation_number))
    assert Payment.objects.count() == 0


@pytest.mark.django_db
def test_a_decline_closes_its_intent_and_frees_the_key(make_citation, gateway):
    citation = make_citation()
    with pytest.raises(ServiceError):
        pay(citation.citation_number, key="order-declined-1", method="tok_chargeDeclined")
    assert list(PaymentIntent.objects.values_list("status", "note")) == [
        ("declined", "the card issuer declined the charge")]
    assert pay(citation.citation_number, key="order-declined-1").replayed is False
    assert sorted(PaymentIntent.objects.values_list("status", flat=True)) == ["declined", "succeeded"]


@pytest.mark.django_db
def test_the_demo_gateway_remembers_a_key_and_cancel_is_final():
    gateway = DemoPaymentGateway()

    def charge(key):
        return gateway.charge(amount=Decimal("25.00"), currency="USD", payment_method="tok_visa",
                              description="x", idempotency_key=key)

    first = charge("k-charged")
    assert charge("k-charged") == first and DemoCharge.objects.count() == 1
    assert gateway.charge_cancel(idempotency_key="k-charged") == first  # too late: it reports the charge
    assert gateway.charge_cancel(idempotency_key="k-never") is None
    with pytest.raises(PaymentDeclined) as declined:
        charge("k-never")
    assert declined.value.reason == DemoPaymentGateway.CANCELLED


class _Stop(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_reconcile_runs_at_start_and_keeps_going_after_a_database_error(make_citation, gateway,
                                                                                    monkeypatch):
    """`reconcile_payments --every N` (the compose `reconcile` service): once at start, then every N s."""
    from apps.parking.management.commands import reconcile_payments

    citation = make_citation()
    crash_after_charge(citation.citation_number, key=None)
    naps, calls = [], []
    real = reconcile_payments.payment_intents_reconcile

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise OperationalError("the database is restarting")
        return real(**kwargs)

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 3:
            raise _Stop

    monkeypatch.setattr(reconcile_payments, "payment_intents_reconcile", flaky)
    monkeypatch.setattr(reconcile_payments.time, "sleep", nap)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(_Stop):
        call_command("reconcile_payments", every=300, older_than=0, stdout=out, stderr=err)
    assert naps == [300, 300, 300] and len(calls) == 3
    assert out.getvalue().splitlines() == ["Reconciled payment intents — succeeded: 1.",
                                           "Reconciled payment intents — none pending."]
    assert err.getvalue() == "reconcile_payments: the database is restarting; retrying in 300s\n"
    assert Citation.objects.get(pk=citation.pk).status == "paid"


class ServerCrashGateway(DemoPaymentGateway):
    """For a real listener: `tok_crashAfterCharge` charges, then breaks the service's database connection."""

    name = "server-crash"
    APPROVED = {**DemoPaymentGateway.APPROVED, "tok_crashAfterCharge": "Visa ending 4242"}

    def charge(self, **kwargs) -> Charge:
        result = super().charge(**kwargs)
        if kwargs["payment_method"] == "tok_crashAfterCharge":
            if connection.vendor == "postgresql":
                _terminate_own_connection()
            else:  # SQLite cannot be killed from outside: fail the next payment insert instead
                def once(execute, sql, params, many, context):
                    if sql.startswith('INSERT INTO "parking_payment" '):
                        connection.execute_wrappers.remove(once)
                        raise OperationalError("server closed the connection unexpectedly")
                    return execute(sql, params, many, context)

                connection.execute_wrappers.append(once)
        return result


@pytest.fixture
def crash_listener(transactional_db, tmp_path):
    from tests.servers import start_daphne

    server = start_daphne(connection.settings_dict, tmp_path, "parking",
                          CIVICMIND_PAYMENT_GATEWAY="tests.parking.test_payment_intents.ServerCrashGateway",
                          PARKING_PAYMENT_INTENT_WAIT_SECONDS="1")
    yield server
    server.stop()


def test_through_a_real_listener_the_crashed_payment_is_settled_and_never_charged_twice(crash_listener,
                                                                                       make_citation):
    import httpx

    citation = make_citation()

    def make_payment(method, key):
        arguments = {"license_plate": "ABC123", "citation_numbers": [citation.citation_number], "amount": "25.00",
                     "payment_method": method, "idempotency_key": key}
        body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                "params": {"name": "make_payment", "arguments": arguments}}
        response = httpx.post(crash_listener.mcp_url("parking"), json=body,
                              headers={"MCP-Protocol-Version": "2025-06-18"}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["result"]

    crashed = make_payment("tok_crashAfterCharge", "listener-crash-0001")
    assert crashed["isError"] is True  # a tool error that says what happened, not -32603
    assert crashed["structuredContent"]["error"]["code"] == "payment_not_recorded"
    assert_pending_and_charged_once(citation)
    # The listener still answers (its connection is replaced) and refuses to charge again.
    assert make_payment("tok_crashAfterCharge", "listener-crash-0001")["structuredContent"]["error"]["code"] == \
        "payment_in_progress"
    call_command("reconcile_payments", older_than=0, stdout=io.StringIO())
    replay = make_payment("tok_crashAfterCharge", "listener-crash-0001")
    assert replay["isError"] is False
    assert (replay["structuredContent"]["receipt_number"], replay["structuredContent"]["replayed"]) == (
        Payment.objects.get().receipt_number, True)
    assert DemoCharge.objects.count() == 1 and Citation.objects.get(pk=citation.pk).status == "paid"


@pytest.mark.django_db(transaction=True)
def test_a_charge_that_can_no_longer_be_applied_needs_attention_and_says_so(make_citation, gateway):
    citation = make_citation()
    gateway.hook = "void"
    with pytest.raises(ServiceError) as error:
        pay(citation.citation_number, key="order-voided-0001")
    reference = DemoCharge.objects.get().reference
    assert (error.value.code, error.value.message) == (
        "payment_not_recorded", errors.PAYMENT_NOT_APPLIED.format(reference=reference))
    intent = PaymentIntent.objects.get()
    assert (intent.status, intent.note) == ("attention", f"charged {reference} but citations changed: "
                                                         f"{citation.citation_number}")
    assert Payment.objects.count() == 0 and Citation.objects.get(pk=citation.pk).status == "void"
