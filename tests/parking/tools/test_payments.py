"""make_payment: the receipt, the demo gateway's tokens, argument errors, idempotent retries."""
import pytest

from apps.parking.models import Citation, Payment
from apps.parking.fields import CARD_NUMBER_MESSAGE
from apps.parking.tools.payments import DUPLICATE_CITATIONS
from tests.parking.helpers import events

pytestmark = pytest.mark.django_db


def test_paying_returns_a_receipt(call_tool, make_citation):
    citation = make_citation(number="VIO-2025-001234", issued_days_ago=45)
    result = call_tool("make_payment", {"license_plate": "ABC123", "citation_numbers": ["VIO-2025-001234"],
                                        "amount": 35, "payment_method": "tok_visa",
                                        "idempotency_key": "9f1c2d3e-0000-4000-8000-000000000001"})
    assert result.is_error is False
    payment = Payment.objects.get()
    assert result.text.startswith(f"✅ **Payment Received**\n\n🧾 **Receipt: {payment.receipt_number}**\n"
                                  "- License Plate: ABC123\n")
    assert "1. **Violation #VIO-2025-001234** (Expired Meter) — $35.00 ($25.00 fine + $10.00 late fees)" in result.text
    assert result.text.endswith("💰 **Total Paid: $35.00**\n\n🧪 Demo payment gateway: no real money was charged.")
    data = result.structured
    assert (data["receipt_number"], data["amount"], data["currency"], data["test_mode"], data["replayed"]) == (
        payment.receipt_number, "35.00", "USD", True, False)
    assert data["citations"] == [{"citation_number": "VIO-2025-001234", "violation_type_description": "Expired Meter",
                                  "fine": "25.00", "late_fees": "10.00", "amount": "35.00", "status": "paid"}]
    citation.refresh_from_db()
    assert citation.status == "paid"


def test_a_retry_is_answered_with_the_same_receipt(call_tool, make_citation):
    make_citation(number="VIO-2025-001234")
    arguments = {"license_plate": "ABC123", "citation_numbers": ["VIO-2025-001234"], "amount": "25.00",
                 "payment_method": "tok_visa", "idempotency_key": "retry-0001"}
    first = call_tool("make_payment", arguments)
    second = call_tool("make_payment", arguments)
    assert second.structured["receipt_number"] == first.structured["receipt_number"]
    assert second.structured["replayed"] is True
    assert "🔁 This request repeats an earlier one (same idempotency key)" in second.text
    assert Payment.objects.count() == 1 and len(events("violation.paid")) == 1


def test_a_declined_card(call_tool, make_citation):
    make_citation(number="VIO-2025-001234")
    result = call_tool("make_payment", {"license_plate": "ABC123", "citation_numbers": ["VIO-2025-001234"],
                                        "amount": "25.00", "payment_method": "tok_chargeDeclined"})
    assert result.is_error is True
    assert result.text == ("❌ The payment was declined: the card issuer declined the charge. Nothing was charged "
                           "and the citations remain unpaid; try another card.")
    assert result.structured["error"]["field"] == "payment_method"
    assert Citation.objects.get().status == "issued" and not Payment.objects.exists() and events() == []


VALID = [
    {"citation_numbers": ["NUMBER"], "amount": 25},
    {"citation_numbers": ["NUMBER"], "amount": "25.00", "idempotency_key": "abc_DEF-123:x.y"},
    {"citation_numbers": ["NUMBER"], "amount": 25.0, "payment_method": "tok_mastercard"},
]

INVALID = [
    ({"citation_numbers": []}, {"citation_numbers": ["Ensure this field has at least 1 elements."]}),
    ({"citation_numbers": ["NUMBER", "NUMBER"]}, {"citation_numbers": [DUPLICATE_CITATIONS]}),
    ({"citation_numbers": ["VIO-2025-001234"] * 21},
     {"citation_numbers": ["Ensure this field has no more than 20 elements."]}),
    ({"citation_numbers": "VIO-2025-001234"},
     {"citation_numbers": ['Expected an array, got the string "VIO-2025-001234".']}),
    ({"amount": "twenty"}, {"amount": ["A valid number is required."]}),
    ({"amount": 0}, {"amount": ["Ensure this value is greater than or equal to 0.01."]}),
    ({"amount": "25.001"}, {"amount": ["Ensure that there are no more than 2 decimal places."]}),
    ({"payment_method": "4242 4242 4242 4242"}, {"payment_method": [CARD_NUMBER_MESSAGE]}),
    ({"idempotency_key": "short"}, {"idempotency_key": ["Ensure this field has at least 8 characters."]}),
    ({"idempotency_key": "has spaces in it"},
     {"idempotency_key": ["Use letters, digits, '_', '-', '.', ':' only."]}),
]


def _arguments(citation, changes):
    arguments = {"license_plate": "ABC123", "citation_numbers": ["NUMBER"], "amount": "25.00",
                 "payment_method": "tok_visa"} | changes
    if isinstance(arguments["citation_numbers"], list):
        arguments["citation_numbers"] = [citation.citation_number if n == "NUMBER" else n
                                         for n in arguments["citation_numbers"]]
    elif arguments["citation_numbers"] == "NUMBER":
        arguments["citation_numbers"] = citation.citation_number
    return arguments


@pytest.mark.parametrize("changes", VALID)
def test_valid_arguments(call_tool, make_citation, changes):
    citation = make_citation()
    assert call_tool("make_payment", _arguments(citation, changes)).is_error is False


@pytest.mark.parametrize("changes, fields", INVALID)
def test_invalid_arguments_name_the_argument(call_tool, make_citation, changes, fields):
    citation = make_citation()
    result = call_tool("make_payment", _arguments(citation, changes))
    assert result.is_error is True
    assert result.structured["error"]["fields"] == fields
    assert Citation.objects.get().status == "issued" and not Payment.objects.exists()


def test_query_count_does_not_grow_with_citations(call_tool, make_citation, event_queries,
                                                  django_assert_num_queries):
    def pay(citations, key):
        numbers = [c.citation_number for c in citations]
        return call_tool("make_payment", {"license_plate": "ABC123", "citation_numbers": numbers,
                                          "amount": str(25 * len(numbers)), "payment_method": "tok_visa",
                                          "idempotency_key": key})

    pay([make_citation()], "warm-up-key")  # creates this year's receipt sequence
    one = [make_citation()]
    many = [make_citation() for _ in range(8)]
    # Three short transactions, none open across the charge (docs/parking.md, "payment intents"):
    # intent (savepoint, lock, key look-up, pending look-ups: 3, insert in a savepoint: 3, citations
    # link: 2, release), the demo processor's ledger (5), then the outcome (savepoint, intent lock,
    # citations lock, sequence lock + bump, payment, items, citations, one event per citation, intent,
    # release) — each a fixed number of queries, whatever the number of citations.
    with django_assert_num_queries(28 + event_queries):
        result = pay(one, "one-citation-key")
    assert result.is_error is False, result.text  # the capped call succeeded
    with django_assert_num_queries(28 + 8 * event_queries):
        result = pay(many, "many-citations-key")
    assert result.is_error is False, result.text  # the capped call succeeded
    # A replay reads the payment with its lines in a fixed number of queries.
    with django_assert_num_queries(7):
        result = pay(many, "many-citations-key")
    assert result.is_error is False, result.text  # the capped call succeeded
