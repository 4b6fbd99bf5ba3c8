"""Prompts of the zoning domain: checking a location for a new business."""
from apps.core.choices import choice_completions
from apps.mcp.registry import PromptArgument, prompt
from apps.zoning.catalogue import LAND_USE_ALIASES, LandUse


@prompt(
    name="check_a_business_location",
    title="Check a location for a new business",
    arguments=(
        PromptArgument("property_address", "The address the business would occupy.", required=True),
        PromptArgument("business_type", "The kind of business, e.g. restaurant or retail."),
        PromptArgument("seating_capacity", "Seats or occupants planned."),
    ),
    completions={"business_type": choice_completions(LandUse.values, LAND_USE_ALIASES)},
)
def check_a_business_location(property_address: str, business_type: str = "", seating_capacity: str = "") -> list[str]:
    """Walk an assistant through a zoning check for a business, and what to do if it does not fit."""
    business = f" a {business_type}" if business_type else " a business"
    seats = f" with a capacity of {seating_capacity}" if seating_capacity else ""
    return [
        f"A resident wants to open{business} at {property_address}{seats}.\n\n"
        "1. If the kind of business is not clear, ask; then call check_compliance with property_address, "
        "business_type and seating_capacity (and floor_area_sqft for shops and offices).\n"
        "2. Tell the resident whether the use is permitted, needs a conditional use permit, or is not permitted, "
        "with the parking required and the maximum occupancy.\n"
        "3. If it is not permitted, name the districts that allow it; if the resident wants to go ahead anyway, "
        "explain the variance process and, with their consent, call submit_variance.\n"
        "4. Call lookup_zoning for setbacks and height if they plan to build or extend."
    ]
