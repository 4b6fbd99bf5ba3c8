"""Shared tool outputs (apps/mcp/outputs.py): a timeline entry's schema carries the domain's statuses."""
from apps.mcp.outputs import timeline_output
from apps.mcp.registry import registry
from apps.mcp.schema import serializer_schema


def test_a_timeline_entry_publishes_the_statuses_it_was_given():
    schema = serializer_schema(timeline_output([("open", "Open"), ("closed", "Closed")]), for_input=False)
    assert schema["properties"]["status"]["enum"] == ["open", "closed"]
    assert set(schema["properties"]) == {"status", "at", "note"}
    assert set(schema["required"]) == {"status", "at", "note"}


def test_each_tracking_tool_publishes_its_own_statuses_in_the_timeline():
    enums = {}
    for domain, name in (("noise", "track_complaint"), ("zoning", "track_variance"),
                         ("transportation", "track_road_issue"), ("safety", "incident_status")):
        timeline = registry.find_tool(domain, name).output_schema["properties"]["timeline"]
        enums[name] = timeline["items"]["properties"]["status"]["enum"]
    assert "unfounded" in enums["track_complaint"] and "withdrawn" in enums["track_variance"]
    assert enums["track_road_issue"] == ["reported", "scheduled", "in_progress", "resolved"]
    assert enums["incident_status"] == ["reported", "dispatched", "on_scene", "resolved"]
