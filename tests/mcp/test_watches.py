"""Which resources an event changes (apps.mcp.watches), read off the real domains' declarations."""
import pytest

from apps.mcp.registry import Registry, registry
from apps.mcp.watches import Watch, changes_of, watch_key_for_uri

PERMIT_KEY = "civicmind://permits/applications/{reference}#PRM-2026-000042"


@pytest.mark.parametrize("uri", ["civicmind://permits/applications/PRM-2026-000042",
                                 "civicmind://permits/applications/prm-2026-42",
                                 "civicmind://permits/applications/PRM%202026%2042"])
def test_a_typed_reference_has_the_stored_references_key(uri):
    assert watch_key_for_uri(registry, "permits", uri) == PERMIT_KEY
    assert watch_key_for_uri(registry, "all", uri) == PERMIT_KEY


@pytest.mark.parametrize("domain, uri", [
    ("noise", "civicmind://permits/applications/PRM-2026-000042"),  # not served on that listener
    ("safety", "civicmind://safety/fire-code"),  # a rule book: nothing announces its changes
    ("parking", "civicmind://parking/citations/not-a-citation"),  # the domain's reader refuses it
    ("permits", "test://watched-resource"),
])
def test_uris_that_nothing_here_announces_have_no_key(domain, uri):
    assert watch_key_for_uri(registry, domain, uri) is None


@pytest.mark.parametrize("event_type, domain, data, key", [
    ("permit.status_changed", "permits", {"reference": "PRM-2026-000042", "status": "approved"}, PERMIT_KEY),
    ("inspection.scheduled", "permits", {"reference": "PRM-2026-000042"}, PERMIT_KEY),
    ("violation.status_changed", "parking", {"citation_number": "VIO-2025-001234"},
     "civicmind://parking/citations/{citation_number}#VIO-2025-001234"),
    ("complaint.info_added", "noise", {"case_number": "NC-2026-000123"},
     "civicmind://noise/complaints/{case_number}#NC-2026-000123"),
    ("unit.dispatched", "safety", {"reference": "INC-2026-000101"},
     "civicmind://safety/incidents/{reference}#INC-2026-000101"),
    ("road_issue.info_added", "transportation", {"reference": "RD-2026-000101"},
     "civicmind://transportation/road-issues/{reference}#RD-2026-000101"),
    ("environmental_report.info_added", "environmental", {"reference": "ENV-2026-000101"},
     "civicmind://environmental/reports/{reference}#ENV-2026-000101"),
])
def test_an_event_changes_its_records_resource_on_its_listener_and_the_all_domains_one(event_type, domain, data,
                                                                                      key):
    for listener in (domain, "all"):
        assert key in changes_of(registry, listener, event_type, domain, data).keys
    other = "zoning" if domain != "zoning" else "noise"
    assert not changes_of(registry, other, event_type, domain, data).keys


def test_an_outage_changes_the_outage_and_the_list_of_active_outages():
    changes = changes_of(registry, "utilities", "outage.resolved", "utilities", {"outage_id": "OUT-2026-0009"})
    assert changes.keys == {"civicmind://utilities/outages/{outage_id}#OUT-2026-0009", "civicmind://utilities/outages"}
    assert changes.list_changed is False


@pytest.mark.parametrize("event_type, domain, data", [
    ("permit.submitted", "permits", {"reference": "PRM-2026-000200"}),
    ("complaint.filed", "noise", {"case_number": "NC-2026-000200"}),
    ("incident.reported", "safety", {"reference": "INC-2026-000200"}),
])
def test_a_new_record_changes_the_list_of_resources(event_type, domain, data):
    assert changes_of(registry, domain, event_type, domain, data).list_changed is True
    assert changes_of(registry, domain, "bill.paid", "utilities", {}).list_changed is False


def test_a_watched_template_has_one_variable():
    fresh = Registry()
    with pytest.raises(ValueError, match="one variable"):
        @fresh.resource_template(uri_template="civicmind://parking/x/{a}/{b}", name="x", title="X",
                                 domain="parking", watch=Watch(("violation.*",), field="a"))
        def handler(a, b):
            return {}
