"""The catalogue: codes, descriptions, review periods."""
import pytest

from apps.permits.selectors import permit_type_catalogue, permit_type_codes, permit_type_describe, permit_type_get
from apps.permits.selectors.types import review_period


@pytest.mark.parametrize("low, high, text", [
    (14, 21, "2-3 weeks"), (7, 7, "1 week"), (14, 14, "2 weeks"), (5, 10, "5-10 days"), (1, 1, "1 day"),
    (3, 3, "3 days"), (0, 7, "0-7 days"), (21, 42, "3-6 weeks"),
])
def test_review_period(low, high, text):
    assert review_period(low, high) == text


def test_codes_starting_with_the_prefix_come_first(deck_type, building_type, business_type):
    assert permit_type_codes() == ["building_permit", "business_license", "residential_deck"]
    assert permit_type_codes(prefix="bu") == ["building_permit", "business_license"]
    assert permit_type_codes(prefix="deck") == ["residential_deck"]
    assert permit_type_codes(prefix="Residential D") == ["residential_deck"]
    assert permit_type_codes(prefix="zzz") == []


def test_describe_a_permit_type(deck_type):
    data = permit_type_describe(permit_type_get(code="residential_deck"))
    assert data["code"] == "residential_deck"
    assert data["allowed_zones"] == ["Residential"]
    assert data["fee_schedule"][0] == {
        "label": "Permit Fee", "kind": "permit", "applies": "500 sq ft or less", "formula": "$150 flat",
        "basis": "none", "flat_amount": "150.00", "rate": "0", "per_units": 1, "minimum": None, "maximum": None}
    assert data["fee_schedule"][4]["minimum"] == "150.00"
    assert data["fee_schedule"][4]["rate"] == "6.5"
    assert data["required_documents"][4] == {
        "code": "engineering_calculations", "name": "Engineered structural calculations (decks over 500 sq ft)",
        "mandatory": True, "applies": "over 500 sq ft"}
    assert data["conditions"] == [
        {"text": "Standard setback requirements apply", "applies": "always"},
        {"text": "Plans stamped by a licensed engineer required", "applies": "over 500 sq ft"}]
    assert data["codes"] == ["2021 International Residential Code R507 (exterior decks)"]
    assert data["currency"] == "USD"


def test_catalogue_reads_in_a_fixed_number_of_queries(deck_type, building_type, business_type,
                                                      django_assert_num_queries):
    with django_assert_num_queries(5):
        catalogue = permit_type_catalogue()
    assert [t["code"] for t in catalogue["permit_types"]] == ["building_permit", "business_license",
                                                            "residential_deck"]
