"""Resources of the safety domain: the fire-code tables, open incidents, one incident, the units."""
from rest_framework import serializers

from apps.mcp.watches import Watch
from apps.mcp.registry import resource, resource_template
from apps.safety import answers
from apps.safety.catalogue import OccupancyGroup, RequirementCategory
from apps.safety.selectors import (
    fire_code_rule_list, incident_get, incident_open_list, occupancy_rule_list, reference_normalize, unit_list,
)
from apps.safety.tools import IncidentStatusOutput, UnitOutput


@resource(uri="civicmind://safety/fire-code", name="fire-code", title="Fire-code rules")
def fire_code() -> dict:
    """The occupancy bands by business type and capacity, and every fire-code rule with its thresholds."""
    return {
        "occupancy_rules": [{"business_type": r.business_type, "min_capacity": r.min_capacity,
                             "max_capacity": r.max_capacity, "occupancy_group": r.occupancy_group,
                             "occupancy_label": OccupancyGroup(r.occupancy_group).label,
                             "code_section": r.code_section} for r in occupancy_rule_list()],
        "rules": [{"category": r.category, "category_label": RequirementCategory(r.category).label,
                   "code_section": r.code_section, "occupancy_group": r.occupancy_group or None,
                   "business_type": r.business_type or None, "min_capacity": r.min_capacity,
                   "max_capacity": r.max_capacity, "required": r.required, "requirement": r.requirement,
                   "quantity": r.quantity, "per_square_feet": r.per_square_feet,
                   "interval_months": r.interval_months} for r in fire_code_rule_list()],
    }


# What changes an incident as the list and its own page show it: a report, a unit sent, a status move.
INCIDENT_CHANGES = ("incident.reported", "incident.status_changed", "unit.dispatched")


class OpenIncidentsOutput(serializers.Serializer):
    incidents = IncidentStatusOutput(many=True)

    class Meta:
        public_fields = ("incidents",)


@resource(uri="civicmind://safety/incidents", name="open-incidents", title="Open incidents", output=OpenIncidentsOutput,
          watch=Watch(INCIDENT_CHANGES))
def open_incidents() -> dict:
    """Incidents not yet resolved, most urgent first: type, priority, status (place and details to staff)."""
    found = [answers.incident_facts(incident) for incident in incident_open_list()]
    return {"incidents": IncidentStatusOutput(instance=found, many=True).data}


@resource_template(uri_template="civicmind://safety/incidents/{reference}", name="incident", title="An incident",
                   output=IncidentStatusOutput,
                   watch=Watch(INCIDENT_CHANGES, field="reference",
                               normalize=reference_normalize, creates=("incident.reported",)))
def incident(reference: str) -> dict:
    """One incident by reference: type, priority and status (place, units and timeline to staff)."""
    return dict(IncidentStatusOutput(instance=answers.incident_facts(incident_get(reference=reference))).data)


@resource(uri="civicmind://safety/units", name="response-units", title="Response units", watch=Watch(("unit.dispatched",)))
def units() -> dict:
    """Every fire, EMS and police unit with its station and status."""
    return {"units": UnitOutput(instance=[answers.unit_facts(item) for item in unit_list()], many=True).data}
