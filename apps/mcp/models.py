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
