"""Fee arithmetic: flat and rate parts, minimum and maximum, rounding, the size threshold."""
from decimal import Decimal

import pytest

from apps.permits.fees import fee_line, fee_lines, fee_rule_formula, fee_total, missing_fee_inputs, money_text
from apps.permits.models import FeeRule
from apps.permits.rules import Project


def rule(label="Permit Fee", flat="0", basis="none", rate="0", per=1, minimum=None, maximum=None, when="always"):
    return FeeRule(label=label, kind="permit", flat_amount=Decimal(flat), basis=basis, rate=Decimal(rate),
                   per_units=per, minimum=None if minimum is None else Decimal(minimum),
                   maximum=None if maximum is None else Decimal(maximum), applies_when=when)


VALUATION = dict(flat="100", basis="valuation", rate="8.00", per=1000, minimum="200", maximum="2500")


@pytest.mark.parametrize("valuation, expected", [
    ("0", "200.00"),  # the minimum
    ("12499.99", "200.00"),  # 100 + 99.99992 = 199.99992 -> still under the minimum
    ("12500", "200.00"),  # exactly the minimum
    ("12501", "200.01"),  # 200.008 rounds half up to cents
    ("15000", "220.00"),
    ("299999.99", "2500.00"),  # 2499.99992 rounds to the maximum
    ("300000", "2500.00"),
    ("1000000", "2500.00"),  # capped
])
def test_valuation_fee_with_minimum_and_maximum(valuation, expected):
    line = fee_line(rule(**VALUATION), Project(valuation=Decimal(valuation)))
    assert line.amount == Decimal(expected)
    assert line.estimated is False


@pytest.mark.parametrize("rate, valuation, expected", [
    ("6.50", "15001", "97.51"),  # 97.5065
    ("6.50", "15000", "97.50"),
    ("0.005", "1", "0.01"),  # half a cent rounds up
])
def test_rounding_to_cents(rate, valuation, expected):
    line = fee_line(rule(basis="valuation", rate=rate, per=1000 if rate == "6.50" else 1),
                    Project(valuation=Decimal(valuation)))
    assert line.amount == Decimal(expected)


def test_area_fee():
    line = fee_line(rule(flat="150", basis="area", rate="0.25"), Project(area_sqft=650))
    assert line.amount == Decimal("312.50")
    assert line.note == "$150 + $0.25 per sq ft"


def test_a_fee_whose_basis_is_unknown_shows_its_floor_and_says_so():
    line = fee_line(rule(**VALUATION), Project())
    assert line.amount == Decimal("200.00")
    assert line.estimated is True
    assert line.note == ("$100 + $8.00 per $1,000 of valuation (min $200, max $2,500); minimum shown until "
                         "estimated_cost is given")


def test_flat_fee_ignores_the_project():
    line = fee_line(rule(flat="150"), Project(area_sqft=10, valuation=Decimal("99999")))
    assert (line.amount, line.basis, line.note, line.estimated) == (Decimal("150.00"), "none", "$150 flat", False)


DECK = [
    rule("Permit Fee", "150", when="within_threshold"),
    rule("Plan Review", "75", when="within_threshold"),
    rule("Inspections", "100", when="within_threshold"),
    rule("Permit Fee", "150", basis="area", rate="0.25", when="over_threshold"),
    rule("Plan Review", basis="valuation", rate="6.50", per=1000, minimum="150", when="over_threshold"),
    rule("Inspections", "150", when="over_threshold"),
]


@pytest.mark.parametrize("area, expected", [
    (400, [("Permit Fee", "150.00"), ("Plan Review", "75.00"), ("Inspections", "100.00")]),
    (499, [("Permit Fee", "150.00"), ("Plan Review", "75.00"), ("Inspections", "100.00")]),
    (500, [("Permit Fee", "150.00"), ("Plan Review", "75.00"), ("Inspections", "100.00")]),
    (501, [("Permit Fee", "275.25"), ("Plan Review", "150.00"), ("Inspections", "150.00")]),
    (800, [("Permit Fee", "350.00"), ("Plan Review", "150.00"), ("Inspections", "150.00")]),
])
def test_deck_schedule_around_the_threshold(area, expected):
    lines = fee_lines(DECK, Project(area_sqft=area, valuation=Decimal("8000")), 500)
    assert [(line.label, str(line.amount)) for line in lines] == expected


def test_seed_deck_total_is_325():
    lines = fee_lines(DECK, Project(area_sqft=400, valuation=Decimal("8000")), 500)
    assert fee_total(lines) == Decimal("325.00")


def test_over_threshold_plan_review_uses_the_valuation():
    lines = fee_lines(DECK, Project(area_sqft=600, valuation=Decimal("40000")), 500)
    assert [str(line.amount) for line in lines] == ["300.00", "260.00", "150.00"]
    assert fee_total(lines) == Decimal("710.00")


def test_missing_inputs():
    assert missing_fee_inputs(DECK, Project(), 500) == ["square_feet"]
    assert missing_fee_inputs(DECK, Project(area_sqft=600), 500) == ["estimated_cost"]
    assert missing_fee_inputs(DECK, Project(area_sqft=400), 500) == []
    assert missing_fee_inputs([rule(**VALUATION)], Project(), None) == ["estimated_cost"]


@pytest.mark.parametrize("kwargs, text", [
    (dict(flat="150"), "$150 flat"),
    (dict(flat="97.5"), "$97.50 flat"),
    (VALUATION, "$100 + $8.00 per $1,000 of valuation (min $200, max $2,500)"),
    (dict(basis="valuation", rate="6.50", per=1000, minimum="100"), "$6.50 per $1,000 of valuation (min $100)"),
    (dict(basis="area", rate="3"), "$3.00 per sq ft"),
    (dict(basis="area", rate="0.005", per=1), "$0.005 per sq ft"),
    (dict(basis="area", rate="2", per=100), "$2.00 per 100 sq ft"),
])
def test_formula_text(kwargs, text):
    assert fee_rule_formula(rule(**kwargs)) == text


@pytest.mark.parametrize("value, text", [
    ("150", "$150"), ("150.00", "$150"), ("8000", "$8,000"), ("97.5", "$97.50"), ("0.01", "$0.01"),
    ("1234567.891", "$1,234,567.89"), ("0", "$0"),
])
def test_money_text(value, text):
    assert money_text(Decimal(value)) == text
