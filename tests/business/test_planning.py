"""The planner's choices on the demo city: which permits are required, what fire and noise rules apply."""
from datetime import date

import pytest

from apps.business.answers.plan import opening_plan_facts, opening_plan_text
from apps.business.planning import business_opening_plan
from apps.core.errors import ServiceError

MONDAY = date(2026, 3, 2)


def plan_facts(**arguments) -> dict:
    return opening_plan_facts(business_opening_plan(today=MONDAY, **arguments))


def permit(facts: dict, code: str) -> dict:
    return next(p for p in facts["permits"] if p["permit_type"] == code)


def test_retail_in_a_retail_parcel_needs_no_building_permit(demo_city):
    facts = plan_facts(address="250 Market St", business_type="retail", floor_area_sqft=2000)
    building = permit(facts, "building_permit")
    assert building["required"] is False
    assert building["reason"] == "Only if you alter the space (walls, wiring, plumbing)"
    assert not any(item["label"].startswith("Building Permit") for item in facts["fees"]["items"])
    assert facts["fees"]["total"] == sum(item["amount"] for item in facts["fees"]["items"])
    assert any(text.startswith("Building Permit (only if") for text in facts["fees"]["not_included"])
    assert [step["key"] for step in facts["timeline"]["steps"]] == [
        "apply", "business_license", "sign", "fire_inspection", "open"]
    assert facts["parking"]["required_spaces"] == 6  # 3 per 1,000 sq ft in C-2, 2,000 sq ft


def test_a_change_of_use_needs_a_building_permit(demo_city):
    facts = plan_facts(address="250 Market St", business_type="office", floor_area_sqft=2000)
    building = permit(facts, "building_permit")
    assert (building["required"], building["reason"]) == (True, "Change of use from retail store")


def test_fire_code_needs_the_occupant_load(demo_city):
    facts = plan_facts(address="250 Market St", business_type="retail")
    assert facts["fire_code"]["judged"] is False
    assert "seating_capacity" in facts["fire_code"]["note"]
    assert "Give seating_capacity" in opening_plan_text(facts)


def test_a_use_safety_has_no_rule_for_is_said_not_guessed(demo_city):
    facts = plan_facts(address="250 Market St", business_type="brewery", seating_capacity=60)
    assert facts["fire_code"]["judged"] is False
    assert facts["fire_code"]["occupancy_group"] is None
    assert facts["fire_code"]["note"]


def test_amplified_music_falls_back_to_the_zones_general_rule(demo_city):
    facts = plan_facts(address="250 Market St", business_type="restaurant", seating_capacity=120)
    assert (facts["noise"]["zone"], facts["noise"]["ordinance_code"], facts["noise"]["quiet_hours_start"]) == (
        "C-2", "CCMC 8.20.040", "23:00")
    assert facts["noise"]["prohibited_in_quiet_hours"] is False


def test_the_text_is_read_from_the_facts(demo_city):
    facts = plan_facts(address="123 Main St", business_type="restaurant", seating_capacity=40)
    facts["fees"]["total"] = facts["fees"]["total"] + 1
    assert "Total fees: $1,096.00" in opening_plan_text(facts)  # 1,095 in the facts, plus the 1 added


def test_an_unknown_address_names_the_address_argument(demo_city):
    with pytest.raises(ServiceError) as raised:
        business_opening_plan(address="Nowhere Plaza", business_type="retail", today=MONDAY)
    assert raised.value.field == "address"


def test_the_plan_reads_each_domain_a_bounded_number_of_times(demo_city, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):  # 34 on the demo city: six domains, each through its selectors
        facts = plan_facts(address="123 Main St", business_type="restaurant", seating_capacity=40,
                           serves_alcohol=True)
    assert facts["fees"]["total"] == 1545


# --- issue 15: the parking the plan requires is the one zoning requires, worded as it is ---------
def test_a_prohibited_use_has_no_parking_ratio_in_text_or_structure(demo_city):
    facts = plan_facts(address="123 Main St", business_type="restaurant", seating_capacity=200)
    assert (facts["zoning"]["status"], facts["parking"]["ratio"], facts["parking"]["required_spaces"]) == (
        "prohibited", None, None)
    text = opening_plan_text(facts)
    assert "- Required by zoning: none: zoning does not allow this use here, so no parking ratio applies" in text
    assert "per 4 seats" not in text and "Zoning sets no parking ratio" not in text


def test_an_approved_parking_variance_lowers_the_plans_parking(demo_city):
    from apps.zoning.services import variance_decide, variance_submit
    from tests.zoning.conftest import hearing_held

    reference = variance_submit(property_address="145 Main St", variance_type="parking", description="4 of 12.",
                                applicant="Main Street Bistro LLC", actor="t").variance.reference
    hearing_held(reference)
    variance_decide(reference=reference, decision="approved", actor="t", parking_spaces_required=4)
    facts = plan_facts(address="145 Main St", business_type="restaurant", seating_capacity=48)
    parking = facts["parking"]
    assert (parking["required_spaces"], parking["required_by_ratio"], parking["parking_variance"],
            parking["on_site_with_variance"]) == (4, 12, reference, None)
    text = opening_plan_text(facts)
    assert (f"- Required by zoning: 4 off-street spaces — parking variance {reference} lowers the 12 the ratio "
            "asks (1 per 4 seats)") in text
    assert f"Show the 4 off-street parking spaces parking variance {reference} requires on the site plan." in text
    assert "apply for a parking variance" not in text


def test_plan_counts_read_as_english(demo_city):
    text = opening_plan_text(plan_facts(address="123 Main St", business_type="restaurant", seating_capacity=40))
    assert "exit(s)" not in text and "occupancy group B, 1 exit." in text
    assert "0.0 miles" not in text and "less than 0.1 miles away" in text
