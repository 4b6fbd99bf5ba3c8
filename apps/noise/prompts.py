"""Prompts of the noise domain: a guided complaint filing."""
from apps.core.choices import choice_completions
from apps.mcp.registry import PromptArgument, prompt
from apps.noise.catalogue import NOISE_TYPE_ALIASES, NoiseType


@prompt(
    name="file_a_noise_complaint",
    title="File a noise complaint",
    arguments=(
        PromptArgument("location", "Where the noise is (street address or landmark).", required=True),
        PromptArgument("noise_type", "Kind of noise, e.g. loud_music or construction."),
    ),
    completions={"noise_type": choice_completions(NoiseType.values, NOISE_TYPE_ALIASES)},
)
def file_a_noise_complaint(location: str, noise_type: str = "") -> list[str]:
    """Walk an assistant through checking the rules and filing a noise complaint."""
    kinds = ", ".join(NoiseType.values)
    known = f" The resident says the noise is: {noise_type}." if noise_type else ""
    return [
        f"A resident wants to report noise at {location}.{known}\n\n"
        f"1. Call check_ordinance with location \"{location}\" to see the zone's quiet hours and decibel "
        "limits, and whether quiet hours are in effect now.\n"
        f"2. If the kind of noise is not clear, ask which of these it is: {kinds}.\n"
        "3. Ask when the noise was heard (default now) and, optionally, a description and a name and "
        "phone number or email for follow-up; tell the resident their contact details stay private.\n"
        "4. Call file_complaint with location, noise_type and what the resident gave you.\n"
        "5. Give the resident the case number, the ordinance that applies and the next step; they can "
        "check progress later with track_complaint."
    ]
