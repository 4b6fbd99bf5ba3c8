"""Analysis, requirements and fee quotes computed from the catalogue rows."""
from decimal import Decimal

import pytest

from apps.core.errors import ServiceError
from apps.permits.selectors import permit_type_analysis, permit_type_fee_quote, permit_type_requirements
from apps.places.models import Place
from tests.helpers.places import place_create

SEED_DECK = dict(permit_type="residential_deck", project_description="Adding 400 sq ft deck to back of house",
                 property_address="123 Oak Street", estimated_cost=Decimal("8000"))


def texts(report, status=None):
    return [item["text"] for item in report["requirements"] if status in (None, item["status"])]


def test_seed_deck_analysis(deck_type, places):
    report = permit_type_analysis(**SEED_DECK)
    assert report["project"] == {
        "type": "Deck Addition", "description": "Adding 400 sq ft deck to back of house", "area_sqft": 400,
        "area_source": "project_description", "property_address": "123 Oak Street", "place_name": "123 Oak St",
        "zone": "R-1", "estimated_cost": Decimal("8000"), "business_type": None, "serves_alcohol": None,
    }
    assert report["requirements"] == [
        {"text": "Size under 500 sq ft threshold", "status": "met"},
        {"text": "Residential property zoning compatible", "status": "met"},
        {"text": "Standard setback requirements apply", "status": "met"},
    ]
    assert report["requirements_met"] is True
    assert [d["code"] for d in report["required_documents"]] == [
        "site_plan", "structural_drawings", "electrical_plans", "property_survey"]
    assert [(i["label"], i["amount"]) for i in report["fees"]["items"]] == [
        ("Permit Fee", Decimal("150.00")), ("Plan Review", Decimal("75.00")), ("Inspections", Decimal("100.00"))]
    assert report["fees"]["total"] == Decimal("325.00")
    assert report["timeline"]["review_period"] == "2-3 weeks"
    assert report["next_steps"] == ["Submit application with required documents", "Pay fees within 7 days",
                                    "Schedule foundation inspection before building"]


def test_square_feet_wins_over_the_description(deck_type, places):
    report = permit_type_analysis(**{**SEED_DECK, "square_feet": 650})
    assert report["project"]["area_sqft"] == 650
    assert report["project"]["area_source"] == "square_feet"


@pytest.mark.parametrize("area, text, status", [
    (499, "Size under 500 sq ft threshold", "met"),
    (500, "Size at the 500 sq ft threshold", "met"),
    (501, "Size over 500 sq ft threshold: the larger-project fees and documents apply", "additional"),
])
def test_size_requirement_around_the_threshold(deck_type, places, area, text, status):
    report = permit_type_analysis(permit_type="residential_deck", square_feet=area, estimated_cost=Decimal("8000"))
    assert report["requirements"][0] == {"text": text, "status": status}


def test_a_deck_over_the_threshold_changes_documents_fees_and_requirements(deck_type, places):
    report = permit_type_analysis(**{**SEED_DECK, "project_description": "Adding a 650 sq ft deck",
                                     "estimated_cost": Decimal("20000")})
    assert texts(report, "additional") == [
        "Size over 500 sq ft threshold: the larger-project fees and documents apply",
        "Plans stamped by a licensed engineer required",
    ]
    assert report["required_documents"][-1]["code"] == "engineering_calculations"
    assert [(i["label"], str(i["amount"])) for i in report["fees"]["items"]] == [
        ("Permit Fee", "312.50"), ("Plan Review", "150.00"), ("Inspections", "150.00"),
        ("Structural Engineering Review", "120.00")]
    assert report["fees"]["total"] == Decimal("732.50")


def test_incompatible_zoning_is_not_met(deck_type, places):
    report = permit_type_analysis(**{**SEED_DECK, "property_address": "Downtown City Hall"})
    assert texts(report, "not_met") == [
        "Commercial zoning (C-1) does not allow a Residential Deck Permit: allowed in Residential districts"]
    assert report["requirements_met"] is False
    assert report["next_steps"][0] == ("Resolve the requirements not met above before applying (the zoning office "
                                       "can advise on a variance)")


def test_a_parking_zone_letter_falls_back_to_the_streets_district(building_type, places):
    report = permit_type_analysis(permit_type="building_permit", property_address="123 Main Street",
                                  project_description="Adding a garage to residential property",
                                  estimated_cost=Decimal("15000"))
    assert report["project"]["zone"] == "C-1"
    assert texts(report, "met")[0] == "Commercial property zoning compatible"
    assert texts(report, "additional") == [
        "Garage walls next to the house need one-hour fire separation (IRC R302.6)"]
    assert [str(i["amount"]) for i in report["fees"]["items"]] == ["220.00", "100.00", "150.00"]
    assert report["fees"]["total"] == Decimal("470.00")


def test_an_unmapped_district_is_to_confirm(deck_type, places):
    place_create("Old Pier", Place.Kind.LANDMARK, zone="")
    report = permit_type_analysis(permit_type="residential_deck", property_address="Old Pier", square_feet=100)
    assert texts(report, "to_confirm") == [
        "Zoning district of Old Pier not on file: confirm compatibility with the zoning office"]
    assert report["requirements_met"] is True
    assert report["project"]["zone"] is None


def test_open_space_is_a_known_district_that_refuses_a_deck(deck_type, places):
    report = permit_type_analysis(permit_type="residential_deck", property_address="Central Park", square_feet=100)
    assert texts(report, "not_met") == [
        "Open space zoning (OS) does not allow a Residential Deck Permit: allowed in Residential districts"]


def test_unknown_size_is_to_confirm(deck_type):
    report = permit_type_analysis(permit_type="residential_deck")
    assert texts(report, "to_confirm") == [
        "Size not given: projects over 500 sq ft follow the larger-project schedule",
        "Property address not given: zoning compatibility not checked"]
    assert report["fees"]["missing_inputs"] == ["square_feet"]


def test_restaurant_workflow_with_only_business_arguments(business_type):
    report = permit_type_analysis(permit_type="business_license", business_type="restaurant", serves_alcohol=True)
    assert report["project"]["business_type"] == "restaurant"
    assert report["project"]["serves_alcohol"] is True
    assert texts(report, "additional") == ["State liquor license (ABC) required before serving alcohol"]
    assert texts(report, "to_confirm") == ["Property address not given: zoning compatibility not checked"]
    assert [d["code"] for d in report["required_documents"]] == [
        "business_registration", "food_service_plan", "liquor_application"]
    assert report["fees"]["total"] == Decimal("850.00")


def test_no_alcohol_no_liquor_requirement(business_type):
    report = permit_type_analysis(permit_type="business_license", business_type="restaurant", serves_alcohol=False)
    assert "liquor" not in " ".join(texts(report)).lower()
    assert report["fees"]["total"] == Decimal("400.00")


def test_unknown_permit_type_lists_the_valid_ones(deck_type, building_type):
    with pytest.raises(ServiceError) as caught:
        permit_type_analysis(permit_type="hot_tub")
    assert caught.value.code == "unknown_permit_type"
    assert caught.value.field == "permit_type"
    assert caught.value.message == ("There is no permit type \"hot_tub\". Valid permit types: building_permit, "
                                    "residential_deck.")
    assert caught.value.details == {"valid_permit_types": ["building_permit", "residential_deck"]}


def test_permit_type_is_normalised(deck_type):
    assert permit_type_analysis(permit_type=" Residential Deck ")["permit_type"] == "residential_deck"


def test_inactive_types_are_unknown(deck_type):
    deck_type.is_active = False
    deck_type.save()
    with pytest.raises(ServiceError):
        permit_type_analysis(permit_type="residential_deck")


def test_unknown_address_names_the_argument(deck_type, places):
    with pytest.raises(ServiceError) as caught:
        permit_type_analysis(permit_type="residential_deck", property_address="1 Nowhere Lane")
    assert caught.value.code == "unknown_place"
    assert caught.value.field == "property_address"


def test_requirements_for_a_garage_addition(building_type):
    report = permit_type_requirements(permit_type="building_permit", project_scope="garage_addition")
    assert report["scope_matched"] is True
    assert [d["code"] for d in report["required_documents"]] == ["site_plan", "architectural_plans", "driveway_plan"]
    assert report["conditional_documents"] == []
    assert report["conditions"] == [
        "Work must follow the approved plans; changes need a plan revision",
        "Garage walls next to the house need one-hour fire separation (IRC R302.6)"]
    assert report["codes"] == ["2021 International Building Code"]
    assert [(r["label"], r["formula"], r["applies"]) for r in report["fee_schedule"]] == [
        ("Permit Fee", "$100 + $8.00 per $1,000 of valuation (min $200)", "always"),
        ("Plan Review", "$6.50 per $1,000 of valuation (min $100)", "always"),
        ("Inspections", "$150 flat", "always")]
    assert report["timeline"]["review_period"] == "3-6 weeks"


def test_requirements_for_another_scope_list_the_garage_rows_as_conditional(building_type):
    report = permit_type_requirements(permit_type="building_permit", project_scope="Deck Addition")
    assert report["project_scope"] == "deck_addition"
    assert report["scope_matched"] is False
    assert [d["code"] for d in report["conditional_documents"]] == ["driveway_plan"]
    assert report["conditional_documents"][0]["applies"] == "project scope: garage_addition, garage, carport"
    assert report["conditional_requirements"] == [{
        "text": "Garage walls next to the house need one-hour fire separation (IRC R302.6)",
        "applies": "project scope: garage_addition, garage"}]


def test_requirements_show_threshold_rows_with_their_condition(deck_type):
    report = permit_type_requirements(permit_type="residential_deck")
    assert report["project_scope"] is None
    assert [d["code"] for d in report["conditional_documents"]] == ["engineering_calculations"]
    assert report["conditional_documents"][0]["applies"] == "over 500 sq ft"
    assert [r["applies"] for r in report["fee_schedule"]][:4] == [
        "500 sq ft or less", "500 sq ft or less", "500 sq ft or less", "over 500 sq ft"]
    assert [i["code"] for i in report["inspections"]] == ["foundation", "framing", "final"]


def test_fee_quote_with_everything_given(deck_type):
    report = permit_type_fee_quote(permit_type="residential_deck", estimated_cost=Decimal("12000"), square_feet=600)
    assert report["size_band"] == "over"
    assert report["fees"]["total"] == Decimal("720.00")
    assert report["fees"]["estimated"] is False
    assert report["assumptions"] == []


def test_fee_quote_states_its_assumptions(deck_type, building_type):
    deck = permit_type_fee_quote(permit_type="residential_deck")
    assert deck["size_band"] is None
    assert deck["fees"]["total"] == Decimal("325.00")
    assert deck["assumptions"] == ["square_feet not given: fees assume 500 sq ft or less."]
    building = permit_type_fee_quote(permit_type="building_permit")
    assert building["fees"]["total"] == Decimal("450.00")
    assert building["fees"]["estimated"] is True
    assert building["assumptions"] == ["estimated_cost not given: valuation-based fees are shown at their minimum."]
