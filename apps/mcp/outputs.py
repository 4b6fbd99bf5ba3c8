"""What several domains' tracking tools answer with, declared once.

A tracked record's timeline (a complaint, an incident, a road issue, a report, a variance)
is the same list of dated entries everywhere; only the statuses differ. The status choices
become the `enum` of the published `outputSchema`, so each domain passes its own. And a
tracking answer is the same everywhere: the record's facts, rendered for the public unless
the caller shows the access code the filing returned.
"""
from collections.abc import Callable

from rest_framework import serializers

from apps.accounts.access_codes import access_code_matches
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
