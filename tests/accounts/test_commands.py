"""create_api_key and prune_audit_log."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.accounts.keys import key_digest, key_well_formed
from apps.accounts.models import AccessLevel, ApiKey, AuditEntry

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_api_key_prints_only_the_key_on_stdout(owner):
    out, err = run("create_api_key", "--name", "CI", "--owner", owner.username, "--scopes", "parking,permits",
                   "--level", "staff", "--expires-in-days", "30")
    raw = out.strip()
    assert key_well_formed(raw)
    key = ApiKey.objects.get()
    assert key.key_hash == key_digest(raw)
    assert (key.name, key.owner, key.domains, key.access_level) == ("CI", owner, ["parking", "permits"],
                                                                    AccessLevel.STAFF)
    assert timezone.now() + datetime.timedelta(days=29) < key.expires_at <= timezone.now() + datetime.timedelta(days=30)
    assert err.startswith(f"Created API key 'CI' ({raw[:12]}…) for {owner.username}: staff level on parking, "
                          "permits, until ")
    assert raw not in err


@pytest.mark.parametrize("scopes, domains, level", [
    ([], [], AccessLevel.RESIDENT),
    (["all"], [], AccessLevel.RESIDENT),
    (["noise", "staff"], ["noise"], AccessLevel.STAFF),
    (["zoning,public"], ["zoning"], AccessLevel.PUBLIC),
])
def test_create_api_key_scopes(owner, scopes, domains, level):
    run("create_api_key", "--name", "k", "--owner", owner.username, "--scopes", *scopes)
    key = ApiKey.objects.get()
    assert (key.domains, key.access_level, key.expires_at) == (domains, level, None)


@pytest.mark.parametrize("args, message", [
    (["--owner", "nobody"], "No user 'nobody': create one first (python manage.py ensure_admin)."),
    (["--scopes", "moon"], "Unknown domain(s): moon. Domains are: parking, permits, noise, safety, utilities, "
                           "transportation, zoning, environmental."),
    (["--scopes", "staff", "public"], "--scopes names more than one level: public, staff."),
    (["--scopes", "staff", "--level", "public"], "--level public and --scopes staff disagree."),
    (["--level", "root"], "Unknown access level 'root'. Levels are: public, resident, staff."),
    (["--expires-in-days", "0"], "--expires-in-days must be at least 1."),
])
def test_create_api_key_refusals_create_nothing(owner, args, message):
    if "--owner" not in args:
        args = ["--owner", owner.username, *args]
    with pytest.raises(CommandError) as raised:
        run("create_api_key", "--name", "k", *args)
    assert str(raised.value) == message
    assert ApiKey.objects.count() == 0


def _entries(*ages_in_days):
    AuditEntry.objects.bulk_create([
        AuditEntry(created_at=timezone.now() - datetime.timedelta(days=age), listener="all", domain="noise",
                   tool=f"t{age}", arguments={}, outcome="success", duration_ms=1.0) for age in ages_in_days])


def test_prune_audit_log_uses_the_retention_setting(settings):
    settings.CIVICMIND_AUDIT_RETENTION_DAYS = 30
    _entries(31, 45, 29, 1)
    out, _ = run("prune_audit_log", "--dry-run")
    assert out == "2 audit log entries are older than 30 days (dry run: none deleted).\n"
    assert AuditEntry.objects.count() == 4
    out, _ = run("prune_audit_log")
    assert out == "Deleted 2 audit log entries older than 30 days.\n"
    assert sorted(AuditEntry.objects.values_list("tool", flat=True)) == ["t1", "t29"]


def test_prune_audit_log_days_option():
    _entries(3, 1)
    out, _ = run("prune_audit_log", "--days", "2")
    assert out == "Deleted 1 audit log entries older than 2 days.\n"
    with pytest.raises(CommandError, match="--days must be at least 1."):
        run("prune_audit_log", "--days", "0")
