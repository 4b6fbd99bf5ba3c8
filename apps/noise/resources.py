"""Resources of the noise domain: the ordinances, the noise types and one complaint by number."""
from apps.core.errors import ServiceError
from apps.mcp.watches import Watch
from apps.mcp.registry import resource, resource_template
from apps.noise import answers
from apps.noise.catalogue import NoiseType, Zone, noise_type_emoji
from apps.noise.errors import NoiseErrorCode
from apps.noise.selectors import case_number_normalize, complaint_get, ordinance_list
from apps.noise.tools import OrdinanceOutput, TrackComplaintOutput


def _zone_completions(value: str, context: dict) -> list[str]:
    prefix = value.strip().upper()
    return [zone for zone in Zone.values if zone.startswith(prefix)]


@resource(uri="civicmind://noise/ordinances", name="noise-ordinances", title="Noise ordinances")
def ordinances() -> dict:
    """Every noise ordinance: quiet hours, decibel limits and citation fines by zone."""
    rules = [answers.ordinance_facts(rule) for rule in ordinance_list()]
    return {"ordinances": OrdinanceOutput(instance=rules, many=True).data}


@resource_template(uri_template="civicmind://noise/ordinances/{zone}", name="noise-ordinances-by-zone",
                   title="Noise ordinances of a zone", completions={"zone": _zone_completions})
def zone_ordinances(zone: str) -> dict:
    """The noise ordinances of one zone (R-1, R-2, C-1, C-2, I-1, OS)."""
    rules = [answers.ordinance_facts(rule) for rule in ordinance_list(zone=zone.upper())]
    if not rules:
        raise ServiceError(NoiseErrorCode.NO_ORDINANCE, f"No noise ordinances are on file for zone {zone}.")
    return {"zone": zone.upper(), "ordinances": OrdinanceOutput(instance=rules, many=True).data}


@resource(uri="civicmind://noise/noise-types", name="noise-types", title="Noise types")
def noise_types() -> dict:
    """The kinds of noise a complaint can be filed about (the values file_complaint accepts)."""
    return {"noise_types": [{"value": value, "label": label, "emoji": noise_type_emoji(value)}
                            for value, label in NoiseType.choices]}


@resource_template(uri_template="civicmind://noise/complaints/{case_number}", name="noise-complaint",
                   title="A noise complaint", output=TrackComplaintOutput,
                   watch=Watch(("complaint.*",), field="case_number", normalize=case_number_normalize,
                               creates=("complaint.filed",)))
def complaint(case_number: str) -> dict:
    """One noise complaint by case number: type, status, zone (place, timeline, enforcement to staff)."""
    return dict(TrackComplaintOutput(instance=answers.complaint_facts(complaint_get(case_number=case_number))).data)
