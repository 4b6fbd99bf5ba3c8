"""Prompts of the transportation domain: a guided road issue report."""
from apps.core.choices import choice_completions
from apps.mcp.registry import PromptArgument, prompt
from apps.transportation.catalogue import ISSUE_ALIASES, IssueType


@prompt(
    name="report_a_road_issue",
    title="Report a road issue",
    arguments=(
        PromptArgument("location", "Where the problem is (address, street or landmark).", required=True),
        PromptArgument("issue_type", "pothole, traffic_signal, streetlight…"),
    ),
    completions={"issue_type": choice_completions(IssueType.values, ISSUE_ALIASES)},
)
def report_a_road_issue(location: str, issue_type: str = "") -> list[str]:
    """Walk an assistant through reporting a pothole, dark signal or other road problem."""
    kind = f" The resident says it is: {issue_type}." if issue_type else ""
    return [
        f"A resident wants to report a road problem at {location}.{kind}\n\n"
        "1. If anyone is hurt or a hazard puts people in danger, tell them to call 911 first.\n"
        f"2. If the kind of problem is not clear, ask which of these it is: {', '.join(IssueType.values)}.\n"
        "3. Call traffic_alerts with the location to see whether it is already known.\n"
        "4. Call report_road_issue with issue_type, location and a short description. A report near a known "
        "issue is added to it rather than duplicated; tell the resident which.\n"
        "5. Give the resident the reference and the date crews respond by; they can follow it with "
        "track_road_issue."
    ]
