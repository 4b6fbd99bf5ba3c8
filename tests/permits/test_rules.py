"""Which catalogue rows apply to a project, and zoning classes."""
from decimal import Decimal

import pytest

from apps.permits.models import Condition, RequiredDocument
from apps.permits.rules import (
    Project,
    alcohol_stated,
    applicable,
    applies,
    mentions,
    normalize_term,
    zone_class,
    zone_label,
)


def row(when=Condition.ALWAYS, match=""):
    return RequiredDocument(code="x", name="X", applies_when=when, match_values=match)


@pytest.mark.parametrize("area, within, over", [
    (None, True, False),  # unknown size: the standard schedule is assumed
    (1, True, False),
    (499, True, False),
    (500, True, False),  # at the threshold is still within it
    (501, False, True),
])
def test_threshold_rows_around_the_boundary(area, within, over):
    project = Project(area_sqft=area)
    assert applies(row(Condition.WITHIN_THRESHOLD), project, 500) is within
    assert applies(row(Condition.OVER_THRESHOLD), project, 500) is over


def test_without_a_threshold_over_rows_never_apply():
    assert applies(row(Condition.OVER_THRESHOLD), Project(area_sqft=10_000), None) is False
    assert applies(row(Condition.WITHIN_THRESHOLD), Project(area_sqft=10_000), None) is True


@pytest.mark.parametrize("project, expected", [
    (Project(serves_alcohol=True), True),
    (Project(serves_alcohol=False, description="wine bar"), False),  # stated beats inferred
    (Project(description="Restaurant serving beer and wine"), True),
    (Project(description="Bakery with a liquor licence"), True),
    (Project(description="Adding a grab bar to the bathroom"), False),
    (Project(), False),
])
def test_alcohol_condition(project, expected):
    assert applies(row(Condition.SERVES_ALCOHOL), project, None) is expected


@pytest.mark.parametrize("project, expected", [
    (Project(business_type="restaurant"), True),
    (Project(business_type="Food Truck"), True),
    (Project(business_type="retail"), False),
    (Project(business_type="retail", description="a restaurant"), False),  # stated beats inferred
    (Project(description="Restaurant with 40 seats"), True),
    (Project(description="We run two restaurants"), True),
    (Project(description="Restaurateur"), False),
])
def test_business_type_condition(project, expected):
    assert applies(row(Condition.BUSINESS_TYPE, "restaurant, food_truck"), project, None) is expected


@pytest.mark.parametrize("project, expected", [
    (Project(project_scope="garage_addition"), True),
    (Project(project_scope="Garage Addition"), True),
    (Project(project_scope="deck_addition"), False),
    (Project(description="Adding a garage to residential property"), True),
    (Project(description="Adding a deck"), False),
])
def test_project_scope_condition(project, expected):
    assert applies(row(Condition.PROJECT_SCOPE, "garage_addition,garage"), project, None) is expected


def test_applicable_keeps_catalogue_order():
    rows = [row(Condition.OVER_THRESHOLD), row(), row(Condition.WITHIN_THRESHOLD)]
    assert applicable(rows, Project(area_sqft=100, valuation=Decimal("1")), 500) == [rows[1], rows[2]]


@pytest.mark.parametrize("zone, cls, label", [
    ("R-1", "R", "Residential"), ("r-2", "R", "Residential"), ("C-1", "C", "Commercial"), ("I-1", "I", "Industrial"),
    ("M-2", "M", "Mixed-use"), ("OS", "OS", "Open space"), ("A", None, "unknown"), ("", None, "unknown"),
    (None, None, "unknown"), ("X-1", None, "unknown"),
])
def test_zone_class(zone, cls, label):
    assert zone_class(zone) == cls
    assert zone_label(zone) == label


def test_normalize_term_and_mentions():
    assert normalize_term(" Garage  Addition ") == "garage_addition"
    assert normalize_term("residential-deck") == "residential_deck"
    assert mentions("Adding a GARAGE addition.", "garage_addition") is True
    assert mentions("two garages", "garage") is True
    assert mentions("garageband", "garage") is False


ALCOHOL_STATEMENTS = [
    ("Pizza restaurant, 40 seats. No alcohol served.", False),
    ("We will not serve alcohol.", False),
    ("A wine-free cafe", False),
    ("Alcohol-free juice bar", False),
    ("We won't sell any beer", False),
    ("Non-alcoholic drinks only", False),
    ("A wine bar with small plates", True),
    ("No liquor, but beer and wine with dinner", True),
    ("Brewery taproom", True),
    ("Pizza restaurant, 40 seats", None),
]


@pytest.mark.parametrize("description, expected", ALCOHOL_STATEMENTS)
def test_alcohol_stated_reads_negations(description, expected):
    assert alcohol_stated(description) is expected


def test_the_explicit_answer_wins_over_the_description():
    assert Project(description="A wine bar", serves_alcohol=False).alcohol_answer() is False
    assert Project(description="No alcohol served.", serves_alcohol=True).alcohol_answer() is True
    assert Project(description="No alcohol served.").alcohol_served() is False
