"""The answers of keyed write calls, so a retry gets the first answer instead of a second write."""
from django.db import models


class ToolAnswer(models.Model):
    """The first successful answer of one write tool to one caller under one idempotency key.

    Written in the same transaction as the tool's write (apps.mcp.replays), so a rolled-back
    write leaves no answer and a committed one always has its answer. The unique constraint
    is what makes two identical calls at once write once: the second insert waits for the
    first transaction and then finds its answer.
    """

    domain = models.CharField(max_length=32)
    tool = models.CharField(max_length=128)
    # Who called: "key:<api key id>" or "anonymous:<client address>" (a key is no one else's).
    caller = models.CharField(max_length=100)
    key = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the call's arguments.")
    # The answer as the caller saw it, already shaped for `viewer` (apps.accounts.viewers).
    viewer = models.PositiveSmallIntegerField()
    owner = models.BooleanField(default=False, help_text="The tool checked an owner proof.")
    text = models.TextField()
    structured = models.JSONField(null=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "tool", "caller", "key"], name="mcp_tool_answer_key_unique"),
        ]

    def __str__(self):
        return f"{self.domain}.{self.tool} {self.key} ({self.caller})"


class McpSession(models.Model):
    """A handshake-era session (`Mcp-Session-Id`), kept only so resource subscriptions can be.

    Every request of a session may land on any process or listener, and the server may
    restart between two of them: the session and what it subscribed to live here, where
    every process reads them. Nothing else is kept per session; the requests stay stateless.
    """

    id = models.CharField(primary_key=True, max_length=64, editable=False)
    domain = models.CharField(max_length=32, help_text="The listener's domain (or all).")
    protocol_version = models.CharField(max_length=16)
    # The API key that opened it: every later request of the session must bring the same.
    key_id = models.BigIntegerField(null=True, blank=True)
    client_address = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(db_index=True)
    # Refreshed by the session's GET stream (when it opens, then every few minutes), never by
    # ordinary requests: prune_mcp_sessions forgets sessions nobody has listened on for days.
    last_seen_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.domain} session {self.id[:8]}…"


class ResourceSubscription(models.Model):
    """One URI a session asked to be told about (resources/subscribe).

    `watch_key` is the URI's key in apps.mcp.watches (the resource with its reference in the
    stored form), which events are matched on; a URI this server publishes no changes for
    has an empty key and is never told anything.
    """

    session = models.ForeignKey(McpSession, on_delete=models.CASCADE, related_name="subscriptions")
    uri = models.CharField(max_length=1000)  # within a btree index entry, even in UTF-8
    watch_key = models.CharField(max_length=300, blank=True, db_index=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "uri"], name="mcp_subscription_session_uri_unique"),
        ]

    def __str__(self):
        return self.uri
