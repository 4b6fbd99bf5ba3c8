"""Who did what to a record, in Django's own admin history (`LogEntry`).

Every workflow move writes one row, whoever makes it: a staff user pressing an admin button,
or a staff API key calling a tool (the row then names the key's owner). The record's
History page and the admin index's "Recent actions" read these rows, so staff see one
trail whatever surface a change came through.
"""
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType


def _content_type_id(obj) -> int:
    """Read the model's content type from the database rather than the process-wide cache.

    `LogEntry.objects.log_actions` takes it from ContentType's cache, which outlives a reset
    of the database under a long-running server (a demo reload, a test flush): the stale id
    would then make every staff action fail. One indexed read per action avoids that.
    """
    opts = obj._meta
    found = (ContentType.objects.filter(app_label=opts.app_label, model=opts.model_name)
             .values_list("pk", flat=True).first())
    return found if found is not None else ContentType.objects.get_for_model(obj, for_concrete_model=False).pk


def history_record(*, user_id: int, obj, message: str) -> LogEntry:
    """Record that `user_id` made the change `message` to `obj` (what log_actions writes)."""
    return LogEntry.objects.create(user_id=user_id, content_type_id=_content_type_id(obj), object_id=str(obj.pk),
                                   object_repr=str(obj)[:200], action_flag=CHANGE, change_message=message)


def history_status_text(*, old_status: str, status: str, note: str = "") -> str:
    """Say a status move the way the History page lists it: "in_review → approved: why"."""
    text = f"Status {old_status} → {status}"
    return f"{text}: {note.strip()}" if note and note.strip() else text
