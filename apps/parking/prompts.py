"""Prompts that walk an assistant through the parking tools in the right order."""
from django.conf import settings

from apps.mcp.registry import PromptArgument, prompt
from apps.parking.completions import citation_number_completions
from apps.parking.selectors import violation_type_codes_starting


def _complete_type(value: str, context: dict) -> list[str]:
    return violation_type_codes_starting(prefix=value)


@prompt(
    name="pay_a_citation",
    title="Pay a parking citation",
    arguments=(
        PromptArgument("license_plate", "The plate the citation was issued to, e.g. ABC123.", required=True),
        PromptArgument("citation_number", "A citation to pay, e.g. VIO-2025-001234 (omit to review all)."),
    ),
    completions={"citation_number": citation_number_completions},
)
def pay_a_citation(license_plate: str, citation_number: str = ""):
    """Help a resident pay parking citations: look up what is owed, confirm, pay once, give the receipt."""
    target = f"citation {citation_number}" if citation_number else "some or all of my citations"
    return [
        f"I want to pay {target} for license plate {license_plate}.",
        "\n".join([
            "Walk me through it with the parking tools:",
            f"1. Call check_violations with license_plate=\"{license_plate}\" and show me each outstanding "
            "citation with its fine, late fees and amount due (total_outstanding is the sum).",
            f"2. Ask me to confirm which citations to pay{' (' + citation_number + ')' if citation_number else ''}"
            " and the exact total; contested citations cannot be paid until staff decide.",
            "3. Get a payment token from the city's payment page (never ask me for a card number). "
            "On this demo server the token tok_visa approves and tok_chargeDeclined declines; no money moves.",
            "4. Call make_payment once with license_plate, citation_numbers, amount (exactly the amount due) "
            "and payment_method, plus a fresh idempotency_key (a UUID). If the call fails or times out, "
            "retry with the same idempotency_key: it returns the same receipt and never charges twice.",
            "5. Give me the receipt_number and what was paid.",
            "If I think a citation is wrong instead, use contest_violation within "
            f"{settings.PARKING_CONTEST_WINDOW_DAYS} days of issue. Other ways to pay: "
            f"{settings.PARKING_PAYMENT_ONLINE_URL}, {settings.PARKING_PAYMENT_PHONE}, "
            f"{settings.PARKING_PAYMENT_IN_PERSON}.",
        ]),
    ]


@prompt(
    name="report_a_violation",
    title="Report a parking violation",
    arguments=(
        PromptArgument("violation_type", "What is wrong, e.g. blocked_driveway or fire_hydrant.", required=True),
        PromptArgument("location", "Where the vehicle is, e.g. 456 Oak Ave."),
        PromptArgument("license_plate", "The vehicle's plate, if visible."),
    ),
    completions={"violation_type": _complete_type},
)
def report_a_violation(violation_type: str, location: str = "", license_plate: str = ""):
    """Help a resident report a parking violation with photo evidence for staff review."""
    known = ", ".join(filter(None, [
        f"violation_type=\"{violation_type}\"",
        f"location=\"{location}\"" if location else "",
        f"license_plate=\"{license_plate}\"" if license_plate else "",
    ]))
    return [
        f"I want to report a parking violation ({known}).",
        "\n".join([
            "Help me file it with report_violation:",
            "1. Make sure you have the license plate, the violation type (the resource "
            "civicmind://parking/violation-types lists them) and the location as a street address or landmark.",
            "2. If I have a photo, attach it as photo={data: <base64>, mime_type: image/jpeg, image/png or "
            "image/webp}; other files are refused.",
            "3. Call report_violation and tell me the reference number it returns. Staff review the report "
            "before any citation is issued.",
        ]),
    ]
