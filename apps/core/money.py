"""Money as Decimal with two places, formatted the one way answers show it."""
from decimal import ROUND_HALF_UP, Decimal

CENTS = Decimal("0.01")
CURRENCY = "USD"


def to_money(value) -> Decimal:
    """Quantize a number or numeric string to cents, rounding half up as cashiers do."""
    return Decimal(str(value)).quantize(CENTS, rounding=ROUND_HALF_UP)


def format_money(value, *, cents: bool = True) -> str:
    """Return "$1,234.50" (or "$1,235" when cents=False) for text answers."""
    amount = to_money(value)
    if cents:
        return f"${amount:,.2f}"
    return f"${amount.quantize(Decimal('1'), rounding=ROUND_HALF_UP):,}"


def money_str(value) -> str:
    """Return the structured form: a decimal string with exactly two places ("25.00")."""
    return f"{to_money(value):.2f}"
