"""Issue 14, items 1, 2 and 7 through a running `serve --workers 2` on PostgreSQL.

Races go through the server's HTTP MCP endpoint from many client threads at once, so two
worker processes really compete for the same rows; faults are real: a worker is killed
with SIGKILL, the server's database connections are terminated (pg_terminate_backend)
while a charge is in flight. Runs on PostgreSQL only (the test database of the session,
committed to with transactional_db): SQLite serializes every writer, so it races nothing.
"""
import io
import os
import signal
import time
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from apps.accounts.models import AuditEntry
from apps.accounts.services import api_key_create
from apps.core.models import DemoCharge
from apps.parking.models import Citation, Payment, PaymentIntent
from apps.parking.selectors import citation_balance
from apps.safety.models import Dispatch, Incident, ResponseUnit
from tests.fault_suite.load import SteadyLoad, call_tool, listeners_answering, race
from tests.faults import PrivateRedis
from tests.platform.test_supervisor import alive, children, wait_until
from tests.servers import start_serve

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL (DATABASE_URL)")

PAYERS = 12
# libpq names this server's sessions so that the test terminates only them, never the
# session-wide server's (whose next request would fail on a dead connection).
APPLICATION_NAME = "civicmind-fault-suite"
RECOVERY_LIMIT_SECONDS = 5.0


@pytest.fixture(scope="module")
def serve2(django_db_setup, django_db_blocker, tmp_path_factory):
    """`serve --workers 2` on the session's PostgreSQL test database and a private Redis."""
    directory = tmp_path_factory.mktemp("serve2")
    redis_server = PrivateRedis(directory)
    redis_server.start()
    with django_db_blocker.unblock():
        db_settings = dict(connection.settings_dict)
    server = start_serve(db_settings, directory, workers=2, REDIS_URL=redis_server.url,
                         CIVICMIND_PAYMENT_GATEWAY="tests.fault_suite.gateways.SlowAnswerGateway",
                         PARKING_PAYMENT_INTENT_WAIT_SECONDS=1, CIVICMIND_RATE_LIMIT_EXEMPT="127.0.0.1",
                         PGAPPNAME=APPLICATION_NAME)
    yield server
    server.stop()
    redis_server.stop()


@pytest.fixture
def city(serve2, demo_city):
    return serve2


def unpaid_citation() -> Citation:
    return Citation.objects.filter(status=Citation.Status.ISSUED).order_by("pk").first()


def pay_arguments(citation: Citation, key: str, method: str = "tok_visa") -> dict:
    owed = citation_balance(citation, today=timezone.localdate()).amount_due
    return {"license_plate": citation.license_plate, "citation_numbers": [citation.citation_number],
            "amount": f"{owed:.2f}", "payment_method": method, "idempotency_key": key}


def staff_key(django_user_model, domain: str) -> str:
    owner = django_user_model.objects.create_user(username=f"faults-{uuid.uuid4().hex[:6]}", password="x" * 20)
    return api_key_create(name="fault suite", owner=owner, domains=[domain], access_level="staff").raw_key


def test_concurrent_payers_of_one_citation_charge_it_once(city, figures):
    citation = unpaid_citation()
    url = city.mcp_url("parking")
    keys = [f"race-key-{n:02d}" for n in range(PAYERS - 2)] + ["race-key-00", "race-key-01"]  # two exact retries too
    replies = race([lambda key=key: call_tool(url, "make_payment", pay_arguments(citation, key)) for key in keys])
    entry = figures.record(f"{PAYERS} clients pay one citation (2 workers)")
    for reply in replies:
        entry.add(reply.outcome)
    receipts = {r.result["structuredContent"]["receipt_number"] for r in replies if r.ok}
    entry.notes.append(f"{sum(r.ok for r in replies)} successes, {len(receipts)} receipt")
    assert entry.answered == PAYERS, [r for r in replies if r.outcome != "answered"]
    assert len(receipts) == 1, replies[0].result
    payment = Payment.objects.get(items__citation=citation)
    assert payment.receipt_number in receipts
    assert DemoCharge.objects.filter(cancelled=False).count() == 1
    assert Citation.objects.get(pk=citation.pk).status == Citation.Status.PAID
    refused = {r.result["structuredContent"]["error"]["code"] for r in replies if r.result["isError"]}
    assert refused <= {"not_payable", "payment_in_progress"}, refused


def test_concurrent_dispatches_never_send_a_unit_twice(city, django_user_model, figures):
    url = city.mcp_url("safety")
    references = [call_tool(url, "report_incident", {
        "incident_type": "fire", "location": "123 Main St", "description": f"Smoke, report {n}",
        "idempotency_key": f"fire-key-{n}"}).result["structuredContent"]["reference"] for n in range(6)]
    key = staff_key(django_user_model, "safety")
    calls = [lambda ref=ref: call_tool(url, "dispatch_resources", {"reference": ref}, key=key)
             for ref in references for _ in range(2)]  # each incident dispatched twice at once
    replies = race(calls)
    entry = figures.record("12 dispatches of 6 incidents at once")
    for reply in replies:
        entry.add(reply.outcome)
    assert entry.answered == len(calls), [r for r in replies if r.outcome != "answered"]
    active = list(Dispatch.objects.filter(cleared_at__isnull=True).values_list("unit_id", "incident_id"))
    units = [unit for unit, _ in active]
    entry.notes.append(f"{len(active)} units sent, {ResponseUnit.objects.count()} in the city")
    assert len(units) == len(set(units)), "a unit was sent twice"
    for unit in ResponseUnit.objects.filter(pk__in=units):
        assert (unit.pk, unit.current_incident_id) in active
    assert Incident.objects.filter(reference__in=references, status=Incident.Status.DISPATCHED).exists()


def terminate_server_backends() -> int:
    """pg_terminate_backend of this module's server's sessions on the test database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND application_name = %s", [APPLICATION_NAME])
        return cursor.fetchone()[0]


def test_a_connection_killed_during_a_charge_leaves_no_charge_without_a_payment(city, figures):
    citation = unpaid_citation()
    url = city.mcp_url("parking")
    entry = figures.record("DB connections killed during a charge")
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        paying = pool.submit(call_tool, url, "make_payment", pay_arguments(citation, "killed-0001", "tok_slowVisa"))
        assert wait_until(lambda: DemoCharge.objects.exists(), 10), "the charge never happened"
        killed_at = time.monotonic()
        terminated = terminate_server_backends()
        entry.notes.append(f"{terminated} backends terminated mid-charge")
        assert terminated > 0
        reply = paying.result(timeout=30)
    entry.add(reply.outcome)
    # The charge stands and its intent is committed: the caller is told, and nothing is hidden.
    assert reply.outcome in ("answered", "clean"), reply
    if reply.outcome == "answered":
        assert reply.result["structuredContent"]["error"]["code"] == "payment_not_recorded", reply.result
    charge = DemoCharge.objects.get()
    assert PaymentIntent.objects.filter(status=PaymentIntent.Status.PENDING).count() == 1
    # The server answers again at once, and a retry with the key never charges twice. A pooled
    # connection of another worker thread may still be one of the killed ones: its first use
    # answers the documented retryable 503 and is replaced, so a client retrying as told (the
    # seed's client does) is answered on one of its next tries: at most one 503 per killed
    # connection.
    retried_at = time.monotonic()
    tries = []
    while len(tries) <= terminated:
        tries.append(call_tool(url, "make_payment", pay_arguments(citation, "killed-0001", "tok_slowVisa")))
        if tries[-1].outcome != "clean":
            break
    retry = tries[-1]
    entry.recovery_seconds = time.monotonic() - retried_at  # the next calls' wait: no outage to sit out
    entry.notes.append(f"answer {retried_at - killed_at:.1f}s after the kill (the gateway answers 2 s late); "
                       f"{len(tries) - 1} retryable 503 before it")
    assert retry.outcome == "answered", tries
    call_command("reconcile_payments", older_than=0, stdout=io.StringIO())
    assert Payment.objects.get(items__citation=citation).gateway_reference == charge.reference
    assert DemoCharge.objects.count() == 1
    assert Citation.objects.get(pk=citation.pk).status == Citation.Status.PAID
    assert not PaymentIntent.objects.filter(status=PaymentIntent.Status.PENDING).exists()


def test_kill_9_of_a_worker_under_load_loses_no_acknowledged_write(city, figures):
    url = city.mcp_url("safety")

    def report(n: int):
        return call_tool(url, "report_incident", {"incident_type": "medical", "location": "123 Main St",
                                                  "description": f"Fall, caller {n}", "idempotency_key": f"load-key-{n}"})

    victim = sorted(wait_until(lambda: (found := children(city.process.pid)) and len(found) == 2 and found, 30))[0]
    with SteadyLoad(report, threads=3) as load:
        time.sleep(1.5)
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        # Ready: each listener can answer tool calls (its database check passes), all nine asked at once.
        healthy = wait_until(lambda: listeners_answering(city), RECOVERY_LIMIT_SECONDS)
        listeners_back = time.monotonic() - killed_at
        time.sleep(1.0)
    entry = figures.record("kill -9 of a worker under load")
    for _, _, reply in load.replies:
        entry.add(reply.outcome)
    entry.recovery_seconds = listeners_back
    acknowledged = {reply.result["structuredContent"]["reference"] for _, _, reply in load.replies if reply.ok}
    stored = set(Incident.objects.filter(reference__in=acknowledged).values_list("reference", flat=True))
    entry.lost = len(acknowledged - stored) + entry.lost
    assert healthy and listeners_back < RECOVERY_LIMIT_SECONDS, city.log()
    assert not alive(victim)
    assert acknowledged and acknowledged == stored
    assert entry.lost == 0, [reply for _, _, reply in load.replies if reply.outcome == "bad"]
    # Audit rows of acknowledged calls are not lost either (the killed worker's spool is recovered).
    acknowledged_keys = {f"load-key-{n}" for _, n, reply in load.replies if reply.ok}

    def audited() -> set:
        rows = AuditEntry.objects.filter(tool="report_incident").values_list("arguments", flat=True)
        return {row.get("idempotency_key") for row in rows}
    assert wait_until(lambda: acknowledged_keys <= audited(), 20, step=0.5), acknowledged_keys - audited()
