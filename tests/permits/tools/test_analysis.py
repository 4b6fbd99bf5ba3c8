"""analyze_application, check_requirements, calculate_fees: answers, argument tables, query counts."""
import pytest

from apps.mcp.registry import Access, registry

SEED_TEXT = (
    "🏗️ **Residential Deck Permit Analysis**\n\n**Project Overview:**\n- Type: Deck Addition (400 sq ft)\n"
    "- Location: 123 Oak Street\n- Estimated Cost: $8,000\n\n✅ **Permit Requirements Met:**\n"
    "- Size under 500 sq ft threshold\n- Residential property zoning compatible\n"
    "- Standard setback requirements apply\n\n📋 **Required Documents:**\n1. 📐 Site plan showing deck location\n"
    "2. 🏗️ Structural drawings with dimensions\n3. ⚡ Electrical plans (if adding outlets/lighting)\n"
    "4. 🏠 Property survey (if close to setbacks)\n\n💰 **Estimated Fees:**\n- Permit Fee: $150\n"
    "- Plan Review: $75\n- Inspections: $100\n- **Total: $325**\n\n⏱️ **Timeline:**\n"
    "- Application Review: 2-3 weeks\n- Construction Period: 6 months from approval\n\n📞 **Next Steps:**\n"
    "1. Submit application with required documents\n2. Pay fees within 7 days\n"
    "3. Schedule foundation inspection before building\n\n💡 **Tip:** Consider hiring a licensed contractor for "
    "structural calculations."
)
SEED_DECK = {"permit_type": "residential_deck", "project_description": "Adding 400 sq ft deck to back of house",
             "property_address": "123 Oak Street", "estimated_cost": 8000}
ANALYZE_ARGS = ("permit_type, project_description, property_address, estimated_cost, square_feet, business_type, "
                "serves_alcohol")


def test_declarations():
    for name in ("analyze_application", "check_requirements", "calculate_fees"):
        tool = registry.find_tool("permits", name)
        assert tool.access == Access.PUBLIC
        assert tool.annotations["readOnlyHint"] is True
        assert all(p.get("description") for p in tool.input_schema["properties"].values())
    schema = registry.find_tool("permits", "analyze_application").input_schema
    assert list(schema["properties"]) == ANALYZE_ARGS.split(", ")
    assert schema["required"] == ["permit_type"]


def test_seed_deck_answer_is_the_seeds_text(call_tool, deck_type, places, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        result = call_tool("analyze_application", SEED_DECK)
    assert result.is_error is False
    assert result.text == SEED_TEXT
    assert result.structured["fees"] == {
        "items": [
            {"label": "Permit Fee", "kind": "permit", "amount": "150.00", "basis": "none", "note": "$150 flat",
             "estimated": False},
            {"label": "Plan Review", "kind": "plan_review", "amount": "75.00", "basis": "none", "note": "$75 flat",
             "estimated": False},
            {"label": "Inspections", "kind": "inspection", "amount": "100.00", "basis": "none",
             "note": "$100 flat", "estimated": False},
        ],
        "total": "325.00", "currency": "USD", "estimated": False, "missing_inputs": []}
    assert result.structured["project"]["estimated_cost"] == "8000.00"
    assert result.structured["currency"] == "USD"


def test_restaurant_workflow_call(call_tool, business_type):
    result = call_tool("analyze_application", {"permit_type": "business_license", "business_type": "restaurant",
                                               "serves_alcohol": True})
    assert result.is_error is False
    assert "- State liquor license (ABC) required before serving alcohol" in result.text
    assert "- Business Type: Restaurant\n- Serves Alcohol: Yes" in result.text
    assert result.structured["fees"]["total"] == "850.00"


def test_unknown_permit_type_is_an_error_listing_codes(call_tool, deck_type, building_type):
    result = call_tool("analyze_application", {"permit_type": "hot_tub"})
    assert result.is_error is True
    assert result.text == ("❌ There is no permit type \"hot_tub\". Valid permit types: building_permit, "
                           "residential_deck.")
    assert result.structured["error"]["details"] == {"valid_permit_types": ["building_permit", "residential_deck"]}


VALID = [
    ("analyze_application", SEED_DECK),
    ("analyze_application", {"permit_type": "residential_deck"}),
    ("analyze_application", {"permit_type": "Residential Deck", "square_feet": 1_000_000, "estimated_cost": "0"}),
    ("analyze_application", {"permit_type": "residential_deck", "estimated_cost": "9999999999.99",
                             "serves_alcohol": False, "business_type": "retail"}),
    ("check_requirements", {"permit_type": "residential_deck"}),
    ("check_requirements", {"permit_type": "residential_deck", "project_scope": "deck_addition"}),
    ("calculate_fees", {"permit_type": "residential_deck"}),
    ("calculate_fees", {"permit_type": "residential_deck", "estimated_cost": 12000.5, "square_feet": 1}),
]


@pytest.mark.parametrize("name, arguments", VALID)
def test_valid_arguments(call_tool, deck_type, places, name, arguments):
    result = call_tool(name, arguments)
    assert result.is_error is False, result.text


INVALID = [
    ("analyze_application", {}, {"permit_type": ["This field is required."]}),
    ("analyze_application", {"permit_type": "", "estimated_cost": -1, "square_feet": 0, "serves_alcohol": "maybe",
                             "color": "red"},
     {"color": [f"Unknown argument; this tool takes: {ANALYZE_ARGS}."],
      "permit_type": ["This field may not be blank."],
      "estimated_cost": ["Ensure this value is greater than or equal to 0."],
      "square_feet": ["Ensure this value is greater than or equal to 1."],
      "serves_alcohol": ['Expected a boolean (true or false), got the string "maybe".']}),
    ("analyze_application", {"permit_type": "x", "estimated_cost": "abc", "square_feet": 1.5},
     {"estimated_cost": ["A valid number is required."], "square_feet": ["Expected an integer, got the number 1.5."]}),
    ("analyze_application", {"permit_type": "x", "estimated_cost": 1.234, "square_feet": 1_000_001,
                             "project_description": "x" * 2001, "property_address": "y" * 201},
     {"project_description": ["Ensure this field has no more than 2000 characters."],
      "property_address": ["Ensure this field has no more than 200 characters."],
      "estimated_cost": ["Ensure that there are no more than 2 decimal places."],
      "square_feet": ["Ensure this value is less than or equal to 1000000."]}),
    ("analyze_application", {"permit_type": None}, {"permit_type": ["This field may not be null."]}),
    ("check_requirements", {"project_scope": "z" * 101},
     {"permit_type": ["This field is required."],
      "project_scope": ["Ensure this field has no more than 100 characters."]}),
    ("check_requirements", {"permit_type": "residential_deck", "scope": "x"},
     {"scope": ["Unknown argument; this tool takes: permit_type, project_scope."]}),
    ("calculate_fees", {"permit_type": "residential_deck", "estimated_cost": -0.01, "square_feet": 0},
     {"estimated_cost": ["Ensure this value is greater than or equal to 0."],
      "square_feet": ["Ensure this value is greater than or equal to 1."]}),
    ("calculate_fees", {"permit_type": "residential_deck", "estimated_cost": "10000000000"},
     {"estimated_cost": ["Ensure that there are no more than 10 digits before the decimal point."]}),
]


@pytest.mark.parametrize("name, arguments, fields", INVALID)
def test_invalid_arguments(call_tool, deck_type, name, arguments, fields):
    result = call_tool(name, arguments)
    assert result.is_error is True
    assert result.structured["error"]["code"] == "invalid_arguments"
    assert result.structured["error"]["fields"] == fields


def test_check_requirements_garage_addition(call_tool, building_type, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        result = call_tool("check_requirements", {"permit_type": "building_permit", "project_scope": "garage_addition"})
    assert "requirements" in result.text.lower()
    assert result.text.startswith("🏠 **Building Permit Requirements** — Garage Addition\n\n"
                                  "📋 **Required Documents:**\n1. 📐 Site plan with setbacks and lot coverage\n")
    assert "3. 🚗 Driveway and curb cut plan" in result.text
    assert "- Permit Fee: $100 + $8.00 per $1,000 of valuation (min $200)" in result.text
    assert "⏱️ **Review Time:**\n- Application Review: 3-6 weeks" in result.text
    assert result.structured["fee_schedule"][0]["flat_amount"] == "100.00"
    assert result.structured["fee_schedule"][0]["minimum"] == "200.00"
    assert result.structured["fee_schedule"][0]["maximum"] is None


def test_calculate_fees_text_and_structure(call_tool, deck_type, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        result = call_tool("calculate_fees", {"permit_type": "residential_deck", "estimated_cost": 12000,
                                              "square_feet": 600})
    assert result.text == (
        "💰 **Residential Deck Permit Fees**\n\n**Basis:**\n- Estimated Cost: $12,000\n- Area: 600 sq ft\n"
        "- Size: over the 500 sq ft threshold\n\n**Itemised Fees:**\n- Permit Fee: $300 — $150 + $0.25 per sq ft\n"
        "- Plan Review: $150 — $6.50 per $1,000 of valuation (min $150)\n- Inspections: $150 — $150 flat\n"
        "- Structural Engineering Review: $120 — $120 flat\n- **Total: $720**\n\n"
        "Fees are due within 7 days of submitting the application.")
    assert result.structured["fees"]["total"] == "720.00"
    assert result.structured["size_band"] == "over"
    assert result.structured["estimated_cost"] == "12000.00"


PIZZA = "Pizza restaurant, 40 seats. No alcohol served."


@pytest.mark.parametrize("description", [PIZZA, "Pizza restaurant. We will not serve alcohol.",
                                         "A wine-free pizza restaurant"])
def test_a_denied_alcohol_is_not_charged_the_liquor_review(call_tool, business_type, places, description):
    result = call_tool("analyze_application", {"permit_type": "business_license", "business_type": "restaurant",
                                               "project_description": description})
    assert result.is_error is False
    assert result.structured["project"]["serves_alcohol"] is False
    assert [item["label"] for item in result.structured["fees"]["items"]] == ["Business License Fee",
                                                                             "Health Permit"]
    assert result.structured["fees"]["total"] == "400.00"
    assert result.structured["open_questions"] == []
    assert "Liquor" not in result.text and "- Serves Alcohol: No" in result.text


def test_the_serves_alcohol_argument_wins_over_the_description(call_tool, business_type, places):
    result = call_tool("analyze_application", {"permit_type": "business_license", "business_type": "restaurant",
                                               "project_description": PIZZA, "serves_alcohol": True})
    assert result.structured["project"]["serves_alcohol"] is True
    assert result.structured["fees"]["total"] == "850.00"
    assert result.structured["open_questions"] == []


def test_an_unsaid_alcohol_is_asked_not_guessed(call_tool, business_type, places):
    result = call_tool("analyze_application", {"permit_type": "business_license", "business_type": "restaurant",
                                               "project_description": "Pizza restaurant, 40 seats"})
    assert result.structured["project"]["serves_alcohol"] is None
    assert result.structured["open_questions"] == [{
        "argument": "serves_alcohol", "question": "Does the business serve alcohol?",
        "if_yes": ["Liquor License Review", "State liquor license application",
                   "State liquor license (ABC) required before serving alcohol"]}]
    assert result.structured["fees"]["total"] == "400.00"
    assert ("❓ **Open Question:**\n- Does the business serve alcohol? Answer with serves_alcohol: true or false. "
            "If yes, these apply too (not included below): Liquor License Review, State liquor license "
            "application, State liquor license (ABC) required before serving alcohol.") in result.text


def test_a_permit_that_does_not_depend_on_alcohol_asks_nothing(call_tool, deck_type, places):
    assert call_tool("analyze_application", SEED_DECK).structured["open_questions"] == []


def test_a_step_the_applicant_must_take_is_a_to_do_never_met(call_tool, business_type, places):
    result = call_tool("analyze_application", {"permit_type": "business_license", "business_type": "retail",
                                               "project_description": "Bookshop, no alcohol",
                                               "property_address": "Main St"})
    assert {"text": "Business must register with the city tax office before opening", "status": "to_do"} in \
        result.structured["requirements"]
    met, _, rest = result.text.partition("✅ **Permit Requirements Met:**")[2].partition("📝 **Still To Do:**")
    assert "tax office" not in met
    assert rest.startswith("\n- Business must register with the city tax office before opening")
