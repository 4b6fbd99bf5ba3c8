"""What several domains' tracking tools answer with, declared once.

A tracked record's timeline (a complaint, an incident, a road issue, a report, a variance)
is the same list of dated entries everywhere; only the statuses differ. The status choices
become the `enum` of the published `outputSchema`, so each domain passes its own. And a
tracking answer is the same everywhere: the record's facts, rendered for the public unless
the caller shows the access code the filing returned.
"""
from collections.abc import Callable

from rest_framework import serializers

from apps.accounts.access_codes import access_code_issue, access_code_matches
from apps.accounts.viewers import access_code_note
from apps.mcp.registry import ToolResult


def timeline_output(status_choices) -> type[serializers.Serializer]:
    """The serializer of one timeline entry: the status reached, when, and the public note."""

    class TimelineOutput(serializers.Serializer):
        status = serializers.ChoiceField(choices=status_choices)
        at = serializers.DateTimeField()
        note = serializers.CharField(allow_blank=True)

        class Meta:
            public_fields = ("status", "at", "note")

    return TimelineOutput


def tracked_record_result(record, *, access_code: str, facts: Callable, render: Callable) -> ToolResult:
    """The answer of a tracking tool: `facts(record)`, with the owner's view only for its access code.

    The text is rendered after the viewer is decided (`render`), so a stranger's answer
    never carries what only the filer may read.
    """
    return ToolResult(text="", structured=facts(record), render=render,
                      owner=access_code_matches(record, access_code))


KEY_REPLAYED_NOTE = ("ℹ️ This idempotency_key was used before: {reference} was filed with it then, and this "
                     "request filed nothing new. Its access code was given with that first answer; use it "
                     "with {track_tool} to see the full record.")


def filing_result(record, *, facts: dict, text: Callable[[dict], str], replayed: bool, reference: str,
                  track_tool: str) -> ToolResult:
    """The answer of a filing tool: the filer's view with a new access code, once.

    A filing the domain replayed from its own (city-wide) idempotency key reaches here only
    for a caller other than the filer: the filer's own retries are answered by the call
    layer with their first answer (`caller_scoped_key`). That other caller gets the public
    view and no access code, so knowing a key never opens someone else's record.
    """
    if replayed:
        note = KEY_REPLAYED_NOTE.format(reference=reference, track_tool=track_tool)
        return ToolResult(text=note, structured=facts, render=lambda shaped: note)
    facts["access_code"] = code = access_code_issue(record)
    return ToolResult(owner=True, text=text(facts) + access_code_note(code, track_tool), structured=facts)
