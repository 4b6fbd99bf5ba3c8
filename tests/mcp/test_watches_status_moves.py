"""Status moves reach MCP subscribers: the real registry maps each new event to the resource it changes.

Kept apart from tests/mcp/test_watches.py, which main added meanwhile; fold these in at the merge.
"""
import pytest

from apps.mcp.registry import registry
from apps.mcp.watches import changes_of, watch_key_for_uri


def test_a_road_issue_status_move_changes_that_road_issue():
    changes = changes_of(registry, "transportation", "road_issue.status_changed", "transportation",
                         {"reference": "RD-2026-000012", "issue_type": "pothole", "old_status": "reported",
                          "status": "scheduled"})
    key = "civicmind://transportation/road-issues/{reference}#RD-2026-000012"
    assert changes.keys == frozenset({key})
    assert changes.list_changed is False  # a move brings no new issue into being
    # A client that subscribed with the reference as a resident types it is the one told.
    assert watch_key_for_uri(registry, "transportation", "civicmind://transportation/road-issues/rd-2026-12") == key


@pytest.mark.parametrize("domain, event_type, reference, keys", [
    ("environmental", "environmental_report.status_changed", "ENV-2026-000004",
     {"civicmind://environmental/reports/{reference}#ENV-2026-000004"}),
    ("zoning", "variance.status_changed", "VAR-2026-000003",
     {"civicmind://zoning/variances/{reference}#VAR-2026-000003"}),
    ("safety", "incident.status_changed", "INC-2026-000123",
     {"civicmind://safety/incidents", "civicmind://safety/incidents/{reference}#INC-2026-000123"}),
])
def test_the_other_status_moves_change_their_records_page(domain, event_type, reference, keys):
    changes = changes_of(registry, domain, event_type, domain, {"reference": reference, "status": "resolved"})
    assert changes.keys == frozenset(keys)
