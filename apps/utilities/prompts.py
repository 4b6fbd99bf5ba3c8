"""Prompts of the utilities domain: a guided outage report."""
from apps.core.choices import choice_completions
from apps.mcp.registry import PromptArgument, prompt
from apps.utilities.catalogue import SERVICE_ALIASES, ServiceType


@prompt(
    name="report_an_outage",
    title="Report a utility outage",
    arguments=(
        PromptArgument("address", "The address without service.", required=True),
        PromptArgument("service_type", "water, electric, gas or sewer."),
    ),
    completions={"service_type": choice_completions(ServiceType.values, SERVICE_ALIASES)},
)
def report_an_outage(address: str, service_type: str = "") -> list[str]:
    """Walk an assistant through checking known outages and reporting a new one."""
    service = f" The resident says the {service_type} service is out." if service_type else ""
    return [
        f"A resident at {address} has lost a utility service.{service}\n\n"
        f"1. If the service is not clear, ask which one: {', '.join(ServiceType.values)}. If they smell gas or "
        "see a downed power line, tell them to get to safety and call 911 first.\n"
        f"2. Call check_outages with address \"{address}\" (and the service_type) to see whether a known "
        "outage already covers the address and when service should be back.\n"
        "3. Call report_outage with service_type and address (and a description and contact if given). A "
        "report near a known outage is added to it rather than duplicated; tell the resident which.\n"
        "4. Give the resident the outage id and the estimated restoration, if one has been posted."
    ]
