"""API keys and the audit log of tool calls.

A key is stored only as the SHA-256 of its secret plus a short visible prefix that names it
in lists and logs; the secret itself is shown once, when the key is made. Audit entries
copy the key's prefix and name instead of pointing at the key, so the trail outlives a
deleted key and a buffered write never fails on a key removed meanwhile.
"""
from django.conf import settings
from django.db import models

from apps.core.display import local_text
from civicmind.domains import DOMAINS


class AccessLevel(models.IntegerChoices):
    """The levels of apps.mcp.registry.Access, as stored on a key (same numbers)."""

    PUBLIC = 0, "Public"
    RESIDENT = 1, "Resident"
    STAFF = 2, "Staff"


DOMAIN_CHOICES = [(domain, domain.title()) for domain in DOMAINS]


class ApiKey(models.Model):
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. “Parking enforcement tablets”.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys",
                              help_text="The person answerable for the key; their keys go when they do.")
    prefix = models.CharField(max_length=16, db_index=True, editable=False,
                              help_text="The first characters of the key, to recognise it; not a secret.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # "Every domain" is a choice someone made, never what an empty list falls back to: a form
    # saved with nothing ticked must not silently widen a key (issue 12).
    all_domains = models.BooleanField(
        "all domains", default=False,
        help_text="The key's level applies in every domain, including domains added later.")
    domains = models.JSONField(default=list, blank=True,
                               help_text="Domains the key's level applies to, when it is not for all domains.")
    access_level = models.PositiveSmallIntegerField(
        choices=AccessLevel.choices, default=AccessLevel.RESIDENT,
        help_text="The most a key may call in its domains: public look-ups, resident filings, or staff tools.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: the key does not expire.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"
        constraints = [
            models.CheckConstraint(condition=models.Q(access_level__in=AccessLevel.values),
                                   name="accounts_apikey_access_level_valid"),
            # Either "all domains", chosen, or some domains named: an empty list never means "all".
            models.CheckConstraint(
                condition=models.Q(all_domains=True, domains=[]) | (models.Q(all_domains=False) & ~models.Q(domains=[])),
                name="accounts_apikey_scope_explicit"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", "Success"
    ERROR = "error", "Tool error"  # the tool answered isError: bad arguments, a refused request
    FAILED = "failed", "Failed"  # a JSON-RPC error: the call could not run


class AuditEntry(models.Model):
    created_at = models.DateTimeField(db_index=True, help_text="When the call was answered.")
    transport = models.CharField(max_length=8, default="http")
    listener = models.CharField(max_length=32, help_text="The listener the call came in on (all: the admin port).")
    domain = models.CharField(max_length=32)
    tool = models.CharField(max_length=128)
    key_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    key_prefix = models.CharField(max_length=16, blank=True)
    key_name = models.CharField(max_length=100, blank=True)
    client_address = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    arguments = models.JSONField(default=dict, help_text="Secrets and file contents are redacted.")
    user_context = models.JSONField(null=True, blank=True, help_text="The caller's _user_context, redacted.")
    outcome = models.CharField(max_length=8, choices=AuditOutcome.choices)
    error_code = models.CharField(max_length=64, blank=True)
    duration_ms = models.FloatField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log entries"
        indexes = [models.Index(fields=["domain", "tool", "created_at"], name="accounts_audit_tool_idx")]

    def __str__(self):
        return f"{self.tool} on {self.domain.title()}, {local_text(self.created_at)}: {self.get_outcome_display()}"

    @property
    def caller(self) -> str:
        if self.key_prefix:
            return f"{self.key_prefix}… ({self.key_name})"
        return f"anonymous@{self.client_address or 'local'}"


class LoginThrottle(models.Model):
    """Failed admin sign-ins of one username or one client address, and its lockout.

    In the database, so every daphne process (and every host) sees the same counts without
    Redis. One row per (scope, key); apps.accounts.login_throttle is the only writer.
    """

    class Scope(models.TextChoices):
        USERNAME = "username", "Username"
        ADDRESS = "address", "Client address"

    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.CharField(max_length=150, help_text="The username (case-folded) or address (IPv6: its /64).")
    failures = models.PositiveIntegerField(default=0, help_text="Failures in the current window.")
    window_started_at = models.DateTimeField()
    last_failure_at = models.DateTimeField(db_index=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scope", "key"]
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="accounts_login_throttle_scope_key")]

    def __str__(self):
        preposition = "as" if self.scope == self.Scope.USERNAME else "from"
        return f"Failed sign-ins {preposition} {self.key}"


class AuditQuarantine(models.Model):
    """An audit row the database refused: kept as escaped JSON so it can always be stored.

    One bad row (a string the database cannot encode, a value too odd for a column) must
    not stop the rows behind it or vanish: the writer puts it here, counts it
    (civicmind_audit_rows_quarantined_total) and moves on. Staff read `row` to see the call.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When the row was quarantined.")
    recorded_at = models.DateTimeField(null=True, blank=True, help_text="When the call was answered.")
    domain = models.CharField(max_length=32, blank=True)
    tool = models.CharField(max_length=128, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    reason = models.TextField(help_text="Why the database refused the row.")
    row = models.TextField(help_text="The audit row as ASCII-escaped JSON (redacted as the log would be).")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "quarantined audit row"
        verbose_name_plural = "audit quarantine"

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.domain}.{self.tool} ({self.request_id})"


class AccessCode(models.Model):
    """The owner's proof for one filed record: a short random code shown once, stored hashed.

    References (PRM-2026-0001) are short, sequential and meant to be read aloud; what proves
    that a caller filed the record is this code, which the filing tool returns once. Any
    record of any domain can carry one (its model label + primary key, like a generic
    relation but with no content-type id to go stale), so the proof is one mechanism rather
    than a column per model.
    """

    record_type = models.CharField(max_length=64, help_text="The record's model label, e.g. safety.incident.")
    object_id = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "access code"
        indexes = [models.Index(fields=["record_type", "object_id"], name="accounts_accesscode_record_idx")]

    def __str__(self):
        return f"access code for {self.record_type} {self.object_id}"
