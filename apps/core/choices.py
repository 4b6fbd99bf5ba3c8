"""Reading a resident's words as a catalogue value: "Illegal-Dumping", "traffic light", "gym".

Each domain names its kinds (incident types, issue types, services, land uses) as
`TextChoices` with aliases of its own; how typed words become a value, and how a prompt
completes a half-typed one, is the same everywhere and lives here.
"""
from collections.abc import Callable, Mapping, Sequence


def choice_key(value: str) -> str:
    """Return "traffic_accident" for " Traffic-Accident ": the form values and aliases are written in."""
    return "_".join(str(value).strip().lower().replace("-", " ").split())


def choice_normalize(value: str, *, choices: Sequence[str], aliases: Mapping | None = None) -> str:
    """Return the catalogue value for "Fire Engine", "gym" or an alias; else the input."""
    key = choice_key(value)
    if key in choices:
        return key
    return str((aliases or {}).get(key, value))


def choice_completions(choices: Sequence[str], aliases: Mapping | None = None) -> Callable[[str, dict], list[str]]:
    """A prompt argument's completion: the values that start with what was typed (an alias counts)."""
    def complete(value: str, context: dict) -> list[str]:
        typed = choice_normalize(value, choices=choices, aliases=aliases)
        if typed not in choices:
            typed = choice_key(value)
        return [choice for choice in choices if choice.startswith(typed)]
    return complete


def valid_choices_text(choices: Sequence) -> str:
    """Return "Valid values: a, b, c." for an argument that refused a value.

    Every domain's "is not a valid choice" names what would have been accepted, so an
    assistant can correct itself (or ask the resident) without another round trip.
    """
    return f"Valid values: {', '.join(str(choice) for choice in choices)}."
