"""Fee arithmetic: turn a permit type's fee rules into itemised amounts for one project.

Pure functions over the rules and a `Project`, so the analysis, the quote and the
assessment at submission all compute the same cents. A fee that depends on a number the
resident has not given (valuation, area) is shown at its floor and flagged as estimated.
"""
from dataclasses import dataclass
from decimal import Decimal

from apps.core.money import to_money
from apps.permits.models import FeeRule
from apps.permits.rules import Project, applicable

BASIS_INPUT = {FeeRule.Basis.VALUATION: "estimated_cost", FeeRule.Basis.AREA: "square_feet"}


@dataclass(frozen=True)
class FeeLine:
    """One itemised fee: what it is, how much, and how it was worked out."""

    label: str
    kind: str
    amount: Decimal
    basis: str
    note: str
    estimated: bool = False


def money_text(value) -> str:
    """Return "$150" for whole dollars and "$97.50" otherwise, as the seed's answers show."""
    amount = to_money(value)
    if amount == amount.to_integral_value():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


def _rate_text(rule: FeeRule) -> str:
    rate = rule.rate.normalize()
    rate_text = f"${to_money(rate):,.2f}" if rate >= Decimal("0.01") else f"${rate}"
    if rule.basis == FeeRule.Basis.VALUATION:
        per = "$1" if rule.per_units == 1 else f"${rule.per_units:,}"
        return f"{rate_text} per {per} of valuation"
    per = "sq ft" if rule.per_units == 1 else f"{rule.per_units:,} sq ft"
    return f"{rate_text} per {per}"


def fee_rule_formula(rule: FeeRule) -> str:
    """Describe a rule the way a fee schedule reads: "$100 + $8.00 per $1,000 of valuation (min $200)"."""
    if rule.basis == FeeRule.Basis.NONE:
        return f"{money_text(rule.flat_amount)} flat"
    parts = []
    if rule.flat_amount:
        parts.append(money_text(rule.flat_amount))
    parts.append(_rate_text(rule))
    text = " + ".join(parts)
    limits = []
    if rule.minimum is not None:
        limits.append(f"min {money_text(rule.minimum)}")
    if rule.maximum is not None:
        limits.append(f"max {money_text(rule.maximum)}")
    return f"{text} ({', '.join(limits)})" if limits else text


def _basis_value(rule: FeeRule, project: Project) -> Decimal | None:
    if rule.basis == FeeRule.Basis.VALUATION:
        return project.valuation
    if rule.basis == FeeRule.Basis.AREA:
        return Decimal(project.area_sqft) if project.area_sqft is not None else None
    return None


def fee_line(rule: FeeRule, project: Project) -> FeeLine:
    """Compute one rule's fee for a project (floor and `estimated` when its basis is unknown)."""
    formula = fee_rule_formula(rule)
    value = _basis_value(rule, project)
    estimated = rule.basis != FeeRule.Basis.NONE and value is None
    amount = rule.flat_amount
    if value is not None:
        amount = rule.flat_amount + rule.rate * value / rule.per_units
    if rule.minimum is not None and amount < rule.minimum:
        amount = rule.minimum
    if rule.maximum is not None and amount > rule.maximum and not estimated:
        amount = rule.maximum
    note = formula
    if estimated:
        note = f"{formula}; minimum shown until {BASIS_INPUT[rule.basis]} is given"
    return FeeLine(label=rule.label, kind=rule.kind, amount=to_money(amount), basis=rule.basis,
                   note=note, estimated=estimated)


def fee_lines(rules, project: Project, threshold: int | None) -> list[FeeLine]:
    """Return the itemised fees of every rule that applies to the project."""
    return [fee_line(rule, project) for rule in applicable(rules, project, threshold)]


def fee_total(lines) -> Decimal:
    return to_money(sum((line.amount for line in lines), Decimal("0")))


def missing_fee_inputs(rules, project: Project, threshold: int | None) -> list[str]:
    """Return the arguments (estimated_cost, square_feet) whose absence left fees estimated."""
    missing = []
    for rule in applicable(rules, project, threshold):
        name = BASIS_INPUT.get(rule.basis)
        if name and _basis_value(rule, project) is None and name not in missing:
            missing.append(name)
    if threshold is not None and project.area_sqft is None and "square_feet" not in missing:
        if any(rule.applies_when in ("within_threshold", "over_threshold") for rule in rules):
            missing.append("square_feet")
    return missing
