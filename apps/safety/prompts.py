"""Prompts of the safety domain: a guided incident report."""
from apps.core.choices import choice_completions
from apps.mcp.registry import PromptArgument, prompt
from apps.safety.catalogue import INCIDENT_ALIASES, IncidentType


@prompt(
    name="report_an_incident",
    title="Report a public-safety incident",
    arguments=(
        PromptArgument("location", "Where it is happening (street address or landmark).", required=True),
        PromptArgument("incident_type", "What is happening, e.g. fire, medical or traffic_accident."),
    ),
    completions={"incident_type": choice_completions(IncidentType.values, INCIDENT_ALIASES)},
)
def report_an_incident(location: str, incident_type: str = "") -> list[str]:
    """Walk an assistant through reporting an incident safely."""
    kind = f" The resident says it is: {incident_type}." if incident_type else ""
    return [
        f"A resident is reporting an incident at {location}.{kind}\n\n"
        "1. If anyone's life or safety is at risk right now, tell them to call 911 first; this service records "
        "reports, it does not replace an emergency call.\n"
        f"2. If the kind of incident is not clear, ask which of these it is: {', '.join(IncidentType.values)}.\n"
        "3. Ask what they see (people hurt, smoke, hazards) and, optionally, a callback number.\n"
        "4. Call report_incident with incident_type, location and description.\n"
        "5. Give the resident the reference and the nearest units; they can follow it with incident_status."
    ]
