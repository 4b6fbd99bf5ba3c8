"""The prompt that walks an assistant through opening a business, step by step with the domain tools."""
from apps.business.tools.plan import SERVED_ON
from apps.mcp.registry import PromptArgument, prompt
from apps.zoning.catalogue import LAND_USE_ALIASES, LandUse, choice_key, choice_normalize


def business_type_completions(value: str, context: dict) -> list[str]:
    """Land uses starting with what was typed ("rest" → restaurant; "pizza" → restaurant)."""
    typed = choice_normalize(value, choices=LandUse.values, aliases=LAND_USE_ALIASES)
    if typed not in LandUse.values:
        typed = choice_key(value)
    return [choice for choice in LandUse.values if choice.startswith(typed)]


@prompt(
    name="open_a_business",
    title="Open a business",
    domain="business",
    also_on=SERVED_ON,
    arguments=(
        PromptArgument("address", "The address the business would occupy, e.g. 123 Main St.", required=True),
        PromptArgument("business_type", "The kind of business, e.g. restaurant, cafe or retail.", required=True),
    ),
    completions={"business_type": business_type_completions},
)
def open_a_business(address: str, business_type: str) -> list[str]:
    """Walk an assistant through opening a business: zoning, permits, parking, fire code, noise and the timeline."""
    return [
        f"I want to open a {business_type} at {address}. Help me find out what the city needs from me, in order.",
        "\n".join([
            "Ask me for the seats (or occupants), the floor area, whether alcohol is served and the opening date "
            "I hope for. Then:",
            f"1. Call plan_business_opening with address=\"{address}\", business_type=\"{business_type}\" and "
            "what I told you. It returns the whole checklist at once; use the steps below to go deeper.",
            "2. Zoning (zoning listener): check_compliance with property_address, business_type and "
            "seating_capacity. If the use is conditional or not permitted, explain the hearing and its date; "
            "only with my consent call submit_variance.",
            "3. Permits (permits listener): analyze_application for business_license (with business_type and "
            "serves_alcohol), building_permit and sign; calculate_fees when I know the valuation.",
            "4. Parking (parking listener): analyze_requirements with business_address, seating_capacity and my "
            "peak_hours; say what a parking variance would change.",
            "5. Safety (safety listener): get_requirements with business_type and capacity for occupancy, exits "
            "and the fire inspection.",
            "6. Noise (noise listener): check_ordinance at the address if I plan amplified music.",
            "7. Give me the total of fees and the dated timeline; if my opening date cannot be met, say so "
            "plainly and give the earliest date.",
            "On the all-domains endpoint the tools carry their domain as a prefix (zoning_check_compliance, "
            "business_plan_business_opening).",
        ]),
    ]
