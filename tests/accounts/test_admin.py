"""The admin: keys made and shown once, revoked; the audit log read-only; login and CSRF."""
import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from apps.accounts.keys import key_digest
from apps.accounts.models import AccessLevel, ApiKey, AuditEntry
from tests.accounts.test_services import all_database_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def add_key(staff_client, owner, **fields):
    data = {"name": "Enforcement tablets", "owner": owner.pk, "domains": ["parking", "permits"],
            "access_level": AccessLevel.STAFF, "expires_at_0": "", "expires_at_1": ""}
    data.update(fields)
    return staff_client.post("/admin/accounts/apikey/add/", data)


def test_adding_a_key_shows_it_once_and_stores_only_its_hash(staff_client, admin_user):
    response = add_key(staff_client, admin_user)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw_key = re.search(r'<code id="issued-api-key"[^>]*>(cmk_[A-Za-z0-9_-]{43})</code>', response.content.decode())[1]
    key = ApiKey.objects.get()
    assert (key.name, key.owner, key.domains, key.access_level) == (
        "Enforcement tablets", admin_user, ["parking", "permits"], AccessLevel.STAFF)
    assert key.key_hash == key_digest(raw_key)
    assert key.prefix == raw_key[:12]
    assert raw_key not in all_database_text()
    # The key's page afterwards never shows it again.
    page = staff_client.get(f"/admin/accounts/apikey/{key.pk}/change/").content.decode()
    assert raw_key not in page
    assert key.prefix in page


def test_an_expiry_in_the_past_is_refused_and_nothing_is_saved(staff_client, admin_user):
    past = timezone.localtime() - datetime.timedelta(days=1)
    response = add_key(staff_client, admin_user, expires_at_0=past.strftime("%Y-%m-%d"),
                       expires_at_1=past.strftime("%H:%M:%S"))
    assert response.status_code == 200
    assert "The expiry is already past; give a future time or leave it empty." in response.content.decode()
    assert ApiKey.objects.count() == 0


def test_the_revoke_action_revokes_the_selected_keys(staff_client, make_key):
    first, second, other = make_key(name="a"), make_key(name="b"), make_key(name="c")
    response = staff_client.post("/admin/accounts/apikey/", {
        "action": "revoke_keys", "_selected_action": [first.api_key.pk, second.api_key.pk]}, follow=True)
    assert response.status_code == 200
    assert "2 API key(s) revoked" in response.content.decode()
    revoked = dict(ApiKey.objects.values_list("name", "revoked_at"))
    assert revoked["a"] is not None and revoked["b"] is not None and revoked["c"] is None


def test_the_audit_log_is_browsable_by_staff_and_read_only(django_user_model):
    entry = AuditEntry.objects.create(created_at=timezone.now(), listener="parking", domain="parking",
                                      tool="check_violations", arguments={"license_plate": "ABC123"},
                                      outcome="success", duration_ms=3.2, client_address="198.51.100.50")
    clerk = django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    client = Client()
    client.force_login(clerk)
    listing = client.get("/admin/accounts/auditentry/")
    assert listing.status_code == 200
    assert "check_violations" in listing.content.decode()
    detail = client.get(f"/admin/accounts/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert "ABC123" in detail.content.decode()
    assert client.get("/admin/accounts/auditentry/add/").status_code == 403
    assert client.post(f"/admin/accounts/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/accounts/auditentry/{entry.pk}/change/", {"tool": "x"}).status_code == 403
    assert AuditEntry.objects.get().tool == "check_violations"
    assert client.get("/admin/accounts/apikey/").status_code == 403  # viewing the log grants no keys


def test_the_admin_needs_a_login_and_a_csrf_token(admin_user):
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.get("/admin/accounts/apikey/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/accounts/apikey/"
    refused = anonymous.post("/admin/login/", {"username": admin_user.username, "password": "password"})
    assert refused.status_code == 403
    assert b"CSRF verification failed" in refused.content
    assert b"Traceback" not in refused.content
    assert "sessionid" not in refused.cookies


def test_admin_pages_carry_the_security_headers(client):
    response = client.get("/admin/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_staff_read_the_audit_quarantine_and_cannot_change_it(staff_client):
    from apps.accounts.models import AuditQuarantine

    row = AuditQuarantine.objects.create(domain="parking", tool="check_violations", request_id="ab12-1-7",
                                         reason="invalid byte sequence", row='{"license_plate": "\\ufffd"}')
    listing = staff_client.get("/admin/accounts/auditquarantine/")
    assert listing.status_code == 200
    assert "ab12-1-7" in listing.content.decode() and "invalid byte sequence" in listing.content.decode()
    page = staff_client.get(f"/admin/accounts/auditquarantine/{row.pk}/change/")
    assert page.status_code == 200
    assert "&quot;license_plate&quot;" in page.content.decode()
    assert staff_client.get("/admin/accounts/auditquarantine/add/").status_code == 403
    assert staff_client.post(f"/admin/accounts/auditquarantine/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditQuarantine.objects.filter(pk=row.pk).exists()
