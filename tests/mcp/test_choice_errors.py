"""A refused choice names the values that would have been accepted, in every domain.

DRF's ChoiceField says only '"ghosts" is not a valid choice.'; apps.mcp.calls adds the
valid values (apps.core.choices.valid_choices_text) for every tool's arguments, including
choices inside lists. The valid values are read from the tool's published inputSchema, so
the message and the schema an assistant reads cannot disagree.
"""
import pytest

from apps.mcp.registry import registry
from tests.helpers.tools import tool_caller

CASES = [
    ("noise", "file_complaint", {"location": "123 Main St", "noise_type": "ghosts"}, "noise_type"),
    ("safety", "report_incident", {"incident_type": "ghosts", "location": "123 Main St",
                                   "description": "Something odd."}, "incident_type"),
    ("transportation", "report_road_issue", {"issue_type": "ghosts", "location": "456 Oak Ave"}, "issue_type"),
    ("environmental", "file_environmental_report", {"report_type": "ghosts", "location": "123 Main St",
                                                    "description": "Something odd."}, "report_type"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("domain, tool, arguments, argument", CASES, ids=[case[0] for case in CASES])
def test_a_bad_choice_lists_the_valid_values(domain, tool, arguments, argument):
    result = tool_caller(domain)(tool, arguments)
    valid = registry.find_tool(domain, tool).input_schema["properties"][argument]["enum"]
    message = f'"ghosts" is not a valid choice. Valid values: {", ".join(valid)}.'
    assert result.is_error is True
    assert result.structured["error"]["fields"][argument] == [message]
    assert f"- `{argument}`: {message}" in result.text


@pytest.mark.django_db
def test_a_bad_choice_inside_a_list_lists_the_valid_values():
    result = tool_caller("safety")("dispatch_resources", {"reference": "INC-2026-000001", "unit_types": ["tank"]})
    valid = registry.find_tool("safety", "dispatch_resources").input_schema["properties"]["unit_types"]["items"]["enum"]
    assert result.structured["error"]["fields"]["unit_types"] == [
        f'0: "tank" is not a valid choice. Valid values: {", ".join(valid)}.']
