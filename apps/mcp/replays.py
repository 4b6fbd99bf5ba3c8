"""Answer a keyed write call once: a retry with the same key gets the first answer, not a second write.

For every write tool that does not handle `idempotency_key` itself (apps.mcp.idempotency),
the call layer keeps (domain, tool, caller, key) -> (fingerprint of the arguments, answer)
in apps.mcp.models.ToolAnswer, written in the same transaction as the tool's write:

- a retry with the same arguments replays the stored answer (nothing runs again);
- the same key with other arguments is refused (`idempotency_key_reused`), nothing runs;
- two identical calls at once: the second's insert waits on the unique index until the
  first commits (PostgreSQL), then replays its answer; if the first rolled back, the
  second runs the tool itself;
- a failure (an `isError` answer, a ServiceError, a crash) rolls the claim back with the
  write, so the key is not used up: the retry runs the tool again (as parking's declined
  payments, docs/parking.md).

Keys are scoped per caller (an API key, or an anonymous client address), so one caller's
answer — possibly an owner view with a one-time access code — is never replayed to
another. Calls without a key pay nothing here; read tools never come here.
"""
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.viewers import viewer_for
from apps.core.errors import ServiceError
from apps.core.idempotency import request_fingerprint
from apps.core.http import dumps
from apps.mcp.idempotency import KEY_ARGUMENT
from apps.mcp.models import ToolAnswer
from apps.mcp.registry import Tool, ToolResult

KEY_REUSED = "idempotency_key_reused"
KEY_REUSED_MESSAGE = ("This idempotency_key was already used for a different {tool} request; nothing was done. "
                      "Use a fresh idempotency_key for a new request, or repeat the first request exactly "
                      "to get its answer again.")
KEY_VIEWER_CHANGED = "idempotency_key_viewer_changed"
KEY_VIEWER_CHANGED_MESSAGE = ("This idempotency_key's answer was given to this caller with other access rights "
                              "than it has now, so it is not repeated; nothing was done again. Look the record "
                              "up with this domain's tracking tool.")


class _Unsuccessful(Exception):
    """Leave the transaction without keeping anything: the answer was an error."""

    def __init__(self, result: ToolResult):
        super().__init__(result.text)
        self.result = result


class _AnsweredMeanwhile(Exception):
    """An identical call committed its answer while this one waited to claim the key."""


def caller_of(call) -> str:
    """Return whose keys these are: the API key, else the anonymous client's address."""
    key_id = getattr(getattr(call, "principal", None), "key_id", None)
    if key_id is not None:
        return f"key:{key_id}"
    return f"anonymous:{getattr(call, 'client_address', None) or 'local'}"


def answer_once(tool: Tool, call, *, key: str, arguments: dict, execute) -> ToolResult:
    """Run `execute()` (the tool, shaped for its viewer) at most once per (tool, caller, key).

    `arguments` are the call's arguments as sent, without the key: their digest tells a
    retry from another request.
    """
    scope = {"domain": tool.domain, "tool": tool.name, "caller": caller_of(call), "key": key}
    fingerprint = request_fingerprint(arguments)
    previous = ToolAnswer.objects.filter(**scope).first()
    if previous is not None:
        return _replay(previous, tool, call, fingerprint)
    try:
        with transaction.atomic():
            claim = _claim(scope, fingerprint)
            result = execute()
            if result.is_error:
                raise _Unsuccessful(result)
            _keep(claim, result, tool, call)
    except _Unsuccessful as unsuccessful:
        return unsuccessful.result
    except _AnsweredMeanwhile:
        return _replay(ToolAnswer.objects.get(**scope), tool, call, fingerprint)
    return result


def _claim(scope: dict, fingerprint: str) -> ToolAnswer:
    """Insert the key's row before the write; an identical call in flight makes this wait."""
    try:
        with transaction.atomic():
            return ToolAnswer.objects.create(**scope, fingerprint=fingerprint, viewer=0, text="",
                                             created_at=timezone.now())
    except IntegrityError:
        raise _AnsweredMeanwhile() from None


def _keep(claim: ToolAnswer, result: ToolResult, tool: Tool, call) -> None:
    """Store the answer as the wire carries it, with the viewer it was shaped for."""
    claim.viewer = viewer_for(getattr(call, "principal", None), tool.domain, owner=result.owner)
    claim.owner = result.owner
    claim.text = result.text
    claim.structured = None if result.structured is None else json.loads(dumps(result.structured))
    claim.save(update_fields=["viewer", "owner", "text", "structured"])


def _replay(previous: ToolAnswer, tool: Tool, call, fingerprint: str) -> ToolResult:
    if previous.fingerprint != fingerprint:
        raise ServiceError(KEY_REUSED, KEY_REUSED_MESSAGE.format(tool=tool.name), field=KEY_ARGUMENT)
    if viewer_for(getattr(call, "principal", None), tool.domain, owner=previous.owner) != previous.viewer:
        raise ServiceError(KEY_VIEWER_CHANGED, KEY_VIEWER_CHANGED_MESSAGE, field=KEY_ARGUMENT)
    return ToolResult(text=previous.text, structured=previous.structured, owner=previous.owner)
