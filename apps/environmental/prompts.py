"""Prompts of the environmental domain: getting rid of bulky items."""
from apps.mcp.registry import PromptArgument, prompt


@prompt(
    name="get_rid_of_bulky_items",
    title="Get rid of bulky items",
    arguments=(
        PromptArgument("address", "Where the items are.", required=True),
        PromptArgument("items", "What the resident wants to get rid of, comma-separated."),
    ),
)
def get_rid_of_bulky_items(address: str, items: str = "") -> list[str]:
    """Walk an assistant through checking the schedule and booking a bulk pickup."""
    listed = f" They mention: {items}." if items else ""
    return [
        f"A resident at {address} wants to get rid of bulky items.{listed}\n\n"
        f"1. Call waste_schedule with address \"{address}\" to see the area's bulk pickup day and the next day "
        "with room.\n"
        "2. Ask for the list of items (one entry per item) and a preferred date, if any.\n"
        "3. Call schedule_bulk_pickup with address and items. Paint, tires, batteries and electronics are "
        "refused with where to take them instead; tell the resident.\n"
        "4. Give the resident the reference, the pickup day and any fee; items go out by 6 AM that day."
    ]
