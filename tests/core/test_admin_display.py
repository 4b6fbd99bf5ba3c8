"""Issue 12: every model reads as people name it — no raw ids, codes or UTC in `__str__` — and plurals are words."""
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from apps.core.display import local_text, weekday_name

OUR_APPS = {"core", "places", "accounts", "events", "parking", "permits", "noise", "safety", "utilities", "transportation",
            "zoning", "environmental"}
# Names the public already uses verbatim: the seed's tool names (an audit entry names its tool)
# and the event catalogue's types (an event is "#<stream position> <type>", owned by apps.events).
# Tool and event names are public identifiers ("check_violations", "violation.created").
PUBLIC_IDENTIFIERS = {"accounts.AuditEntry", "accounts.AuditQuarantine", "events.Event"}
# Their `__str__` is a free-text name that may contain a choice's word ("C-1 Neighborhood commercial").
FREE_TEXT_NAMES = {"zoning.District"}
SNAKE_CASE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b(?!\.\w)")


def unsaved_rows() -> dict[str, models.Model]:
    """Rows the demo city has none of (counters, locks, the log): built here, unsaved."""
    def model(label):
        return apps.get_model(label)

    return {
        "core.ReferenceSequence": model("core.ReferenceSequence")(prefix="VIO", year=2026, last_number=41),
        "core.KeyedLock": model("core.KeyedLock")(scope="utilities.outage", key="water"),
        "parking.PaymentIntent": model("parking.PaymentIntent")(
            processor_key="order-7f3a-0001:0123abcd", license_plate="ABC123", amount="25.00", status="pending"),
        "core.DemoCharge": model("core.DemoCharge")(idempotency_key="order-7f3a-0001:0123abcd",
                                                          amount="25.00", currency="USD"),
        "accounts.AuditEntry": model("accounts.AuditEntry")(
            created_at=timezone.now(), domain="parking", tool="check_violations", outcome="success", duration_ms=1),
        "events.Event": model("events.Event")(id=7, type="violation.created", domain="parking", data={}),
        "accounts.AuditQuarantine": model("accounts.AuditQuarantine")(
            created_at=timezone.now(), domain="parking", tool="check_violations", request_id="ab12-1-7",
            reason="invalid byte sequence", row="{}"),
        "accounts.LoginThrottle": model("accounts.LoginThrottle")(
            scope="username", key="clerk", failures=3, window_started_at=timezone.now(),
            last_failure_at=timezone.now()),
        "accounts.AccessCode": model("accounts.AccessCode")(record_type="safety.incident", object_id="12",
                                                            code_hash="0" * 64),
        "permits.FeePayment": model("permits.FeePayment")(
            application=model("permits.PermitApplication").objects.first(), amount="325.00", currency="USD",
            status="pending", processor_key="order-7f3a-0002:0123abcd"),
        "utilities.BillPayment": model("utilities.BillPayment")(
            bill=model("utilities.Bill").objects.first(), amount="157.00", currency="USD", status="pending",
            processor_key="order-7f3a-0003:0123abcd"),
        "utilities.ServiceRequestUpdate": model("utilities.ServiceRequestUpdate")(
            request=model("utilities.ServiceRequest").objects.first(), status="scheduled",
            note="Crew booked for Thursday.", actor="staff:kim", created_at=timezone.now()),
        "transportation.RoadIssueInformation": model("transportation.RoadIssueInformation")(
            issue=model("transportation.RoadIssue").objects.first(), text="It is in the right lane.",
            added_by="anonymous@127.0.0.1"),
        "environmental.BulkPickupUpdate": model("environmental.BulkPickupUpdate")(
            pickup=model("environmental.BulkPickup").objects.first(), status="cancelled",
            note="Cancelled by the resident.", actor="anonymous@127.0.0.1", created_at=timezone.now()),
    }


def problems_of(obj) -> list[str]:
    text = str(obj)
    found = []
    if not text.strip():
        found.append("empty")
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        # "106: filed …", "6 → 2", "Warning on 102": a related row's id where its name belongs.
        if field.is_relation and value is not None and re.search(rf"^{value}(?![\w.\-/])|(?<=[\s#]){value}$", text):
            found.append(f"raw id of {field.name} ({value})")
        # Lower-case machine values only: upper-case codes ("A-2", "C-1") are the names codes publish.
        if (field.choices and isinstance(value, str) and value and value != value.upper()
                and obj._meta.label not in FREE_TEXT_NAMES):
            label = str(dict(field.flatchoices).get(value, value))
            if value not in label and re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text):
                found.append(f"raw code of {field.name} ({value!r})")
    # An API key's prefix ("cmk_5-0PrgOV") is random text the owner recognises their key by, not a code.
    words = text.replace(obj.prefix, "") if obj._meta.label == "accounts.ApiKey" else text
    if obj._meta.label not in PUBLIC_IDENTIFIERS and SNAKE_CASE.search(words):
        found.append(f"code-like word {SNAKE_CASE.search(words)[0]!r}")
    return found


def test_every_models_str_has_no_raw_ids_or_codes(demo_city, admin_user):
    from apps.accounts.services import api_key_create

    api_key_create(name="Enforcement tablets", owner=admin_user, domains=["parking"])
    extra = unsaved_rows()
    checked, problems = set(), {}
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        rows = list(model._default_manager.all()[:20]) or [extra[model._meta.label]]
        for obj in rows:
            if found := problems_of(obj):
                problems[f"{model._meta.label}: {obj}"] = found
        checked.add(model._meta.label)
    assert problems == {}
    assert len(checked) >= 70


@pytest.mark.parametrize("label, plural", [
    ("safety.Dispatch", "dispatches"),
    ("environmental.PickupAddress", "pickup addresses"),
    ("accounts.AuditEntry", "audit log entries"),
    ("parking.ParkingFacility", "parking facilities"),
    ("permits.TimelineEntry", "timeline entries"),
])
def test_plurals_are_english(label, plural):
    assert apps.get_model(label)._meta.verbose_name_plural == plural


def test_no_plural_is_a_singular_with_an_s_stuck_on():
    for model in apps.get_models():
        singular, plural = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
        if singular.endswith(("s", "x", "ch", "sh")):
            assert plural != singular + "s", model._meta.label
        if singular.endswith("y") and singular[-2] not in "aeiou":
            assert plural != singular + "s", model._meta.label


@pytest.mark.django_db
def test_an_inline_title_shows_the_citys_time_not_utc(settings):
    from apps.noise.models import Complaint, ComplaintUpdate, NoiseLocation

    settings.TIME_ZONE = "America/Los_Angeles"
    location = NoiseLocation.objects.create(key="123 oak st", name="123 Oak St", zone="R-1",
                                            latitude=37.77, longitude=-122.41)
    complaint = Complaint.objects.create(case_number="NC-2026-000105", noise_type="party", location=location,
                                         reported_location="123 Oak St", observed_at=timezone.now())
    at = datetime(2026, 10, 2, 16, 10, tzinfo=UTC)
    update = ComplaintUpdate.objects.create(complaint=complaint, status="filed", created_at=at)
    assert str(update) == "NC-2026-000105: Filed at 2026-10-02 09:10"  # 16:10 UTC is 09:10 in Los Angeles


def test_display_helpers():
    assert weekday_name(0) == "Monday" and weekday_name(4) == "Friday"
    assert local_text(None) == "—"
    assert local_text(timezone.now() - timedelta(0)).count(":") == 1
