"""Completion of permit types and inspection types for prompts and resource templates."""
from apps.permits.selectors import inspection_type_codes, permit_type_codes


def complete_permit_type(value: str, context: dict) -> list[str]:
    """Offer the active permit type codes that start with (or contain) what was typed."""
    return permit_type_codes(prefix=value)


def complete_inspection_type(value: str, context: dict) -> list[str]:
    """Offer inspection types: of the application or permit type already given, else every one."""
    return inspection_type_codes(reference=context.get("reference"), permit_type=context.get("permit_type"),
                                 prefix=value)
