"""Who did what to a record, in Django's own admin history (`LogEntry`).

Every workflow move writes one row, whoever makes it: a staff user pressing an admin button,
or a staff API key calling a tool (the row then names the key's owner). The record's
History page and the admin index's "Recent actions" read these rows, so staff see one
trail whatever surface a change came through.
"""
from django.contrib.admin.models import CHANGE, LogEntry


def history_record(*, user_id: int, obj, message: str) -> LogEntry:
    """Record that `user_id` made the change `message` to `obj`."""
    return LogEntry.objects.log_actions(user_id, [obj], CHANGE, change_message=message, single_object=True)


def history_status_text(*, old_status: str, status: str, note: str = "") -> str:
    """Say a status move the way the History page lists it: "in_review → approved: why"."""
    text = f"Status {old_status} → {status}"
    return f"{text}: {note.strip()}" if note and note.strip() else text
