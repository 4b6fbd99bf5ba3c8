"""Staff tools in the admin's history: a change made over MCP shows on the record's History page.

`LogEntry` needs a user. An API key belongs to a person (`ApiKey.owner`, the one answerable
for it), so the entry names the owner and says which tool and key made the change; a key
shared by a team reads as its owner's, which is what "answerable" means. Anonymous callers
never reach staff tools, so every staff call has a key and an owner.
"""
from collections.abc import Callable

from django.contrib.admin.models import LogEntry
from django.db import transaction

from apps.accounts.selectors import api_key_owner_id
from apps.core.history import history_record, history_status_text


def tool_history_record(*, ctx, tool: str, obj, message: str) -> LogEntry | None:
    """Record in `obj`'s admin history that the calling key's owner made `message` through `tool`.

    `obj` None (the call changed nothing, e.g. a repeated status) records nothing.
    """
    if obj is None:
        return None
    principal = getattr(ctx, "principal", None)
    key_id = getattr(principal, "key_id", None)
    owner_id = api_key_owner_id(key_id=key_id) if key_id is not None else None
    if owner_id is None:
        return None  # no key (a test calling the handler directly): nobody to name
    return history_record(user_id=owner_id, obj=obj,
                          message=f"{message} — via {tool} (API key {principal.prefix}…)")


def tool_status_change(*, ctx, tool: str, service: Callable, record: str, args: dict):
    """Run a staff tool's status service and write its History row in one transaction.

    Every staff tool that moves a record (`update_complaint_status`, `decide_variance`, …)
    does the same: call `service(actor=…, **args)`, which returns a change with
    `old_status`, `changed` and the record under the attribute `record`, then record the
    move on that record's History page — both or neither. Returns the change.
    """
    with transaction.atomic():  # the change and its history row, together
        change = service(actor=ctx.actor, **args)
        obj = getattr(change, record)
        tool_history_record(ctx=ctx, tool=tool, obj=obj if change.changed else None,
                            message=history_status_text(old_status=change.old_status, status=obj.status,
                                                        note=args.get("note", "")))
    return change
