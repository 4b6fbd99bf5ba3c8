"""Zoning tools in-process: argument tables, answers (text and structured), refusals, query counts."""
import pytest
from django.utils import timezone

from apps.events.models import Event
from apps.mcp.registry import registry
from apps.zoning.models import Variance
from tests.zoning.conftest import hearing_held, make_parcel

SEED = {"property_address": "123 Main Street", "business_type": "restaurant", "seating_capacity": 40}


def test_zoning_tools_are_declared_with_their_access():
    tools = {name: tool for name, tool in registry.tools_for("zoning")}
    assert sorted(tools) == ["check_compliance", "decide_variance", "lookup_zoning", "plan_business_opening",
                             "submit_variance", "track_variance"]
    assert {n: tools[n].access.name for n in tools} == {
        "check_compliance": "PUBLIC", "lookup_zoning": "PUBLIC", "submit_variance": "RESIDENT",
        "track_variance": "PUBLIC", "decide_variance": "STAFF", "plan_business_opening": "PUBLIC"}  # apps.business
    schema = tools["check_compliance"].input_schema
    assert schema["required"] == ["property_address", "business_type"]
    assert "restaurant" in schema["properties"]["business_type"]["enum"]
    assert schema["properties"]["seating_capacity"]["minimum"] == 1


# --- check_compliance --------------------------------------------------------------------
@pytest.mark.parametrize("arguments", [
    SEED,
    {"property_address": "123 Main St", "business_type": "Pizzeria", "seating_capacity": 40},
    {"property_address": "123 main st", "business_type": "RESTAURANT", "seating_capacity": 40, "floor_area_sqft": None},
])
def test_check_compliance_accepts(call_tool, districts, arguments):
    result = call_tool("check_compliance", arguments)
    assert (result.is_error, result.structured["status"], result.structured["parking"]["required_spaces"]) == (
        False, "permitted", 10)


@pytest.mark.parametrize("arguments, errors", [
    ({"business_type": "restaurant"}, {"property_address": ["This field is required."]}),
    ({"property_address": "123 Main St"}, {"business_type": ["This field is required."]}),
    ({"property_address": "123 Main St", "business_type": "spaceport"},
     {"business_type": ['"spaceport" is not a valid choice. Valid values: restaurant, cafe, bar, brewery, retail, grocery, office, medical_clinic, personal_services, fitness, daycare, hotel, event_venue, auto_repair, warehouse, manufacturing, single_family, multi_family, home_occupation.']}),
    ({"property_address": "123 Main St", "business_type": "restaurant", "seating_capacity": 0},
     {"seating_capacity": ["Ensure this value is greater than or equal to 1."]}),
    ({"property_address": "123 Main St", "business_type": "restaurant", "seating_capacity": "forty"},
     {"seating_capacity": ['Expected an integer or null, got the string "forty".']}),
    ({"property_address": "123 Main St", "business_type": "restaurant", "seats": 40},
     {"seats": ["Unknown argument; this tool takes: property_address, business_type, seating_capacity, "
                "floor_area_sqft."]}),
])
def test_check_compliance_refuses_bad_arguments(call_tool, districts, arguments, errors):
    result = call_tool("check_compliance", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == errors


def test_check_compliance_seed_answer(call_tool, districts, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # with the look-up of an approved parking variance
        result = call_tool("check_compliance", SEED)
    facts = result.structured
    assert {k: facts[k] for k in ("property_address", "business_type", "status", "compliant",
                                  "conditional_use_permit_required", "capacity_by_right", "max_occupancy",
                                  "district_source", "street", "parcel", "permitted_in")} == {
        "property_address": "123 Main St", "business_type": "restaurant", "status": "permitted", "compliant": True,
        "conditional_use_permit_required": False, "capacity_by_right": 49, "max_occupancy": 150,
        "district_source": "street", "street": "Main St", "parcel": None, "permitted_in": ["C-1", "C-2"]}
    assert facts["district"] == {"code": "C-1", "name": "Neighborhood commercial", "category": "commercial",
                                 "code_section": "CCMC C-1"}
    assert facts["parking"] == {"required_spaces": 10, "required_by_ratio": 10, "variance": None,
                                "ratio": "1 space per 4 seats", "spaces": "1.00", "per": 4,
                                "basis": "seats"}
    assert facts["setbacks"] == {"front_ft": 0, "side_ft": 0, "rear_ft": 10}
    assert result.text.splitlines()[:9] == [
        "🏡 **Zoning Compliance Check: Restaurant at 123 Main St**", "",
        "**Property:**",
        "- District: C-1 (Neighborhood commercial) — from Main St, the street it is on",
        "- Seating capacity: 40", "",
        "✅ **Permitted** — Restaurant use is permitted by right in C-1 (Neighborhood commercial) up to a "
        "capacity of 49.", "",
        "📋 **Requirements:**"]
    assert "- 🚗 Parking: 10 spaces (1 space per 4 seats)" in result.text
    assert "- 👥 Maximum occupancy: 150 (conditional use permit above 49)" in result.text
    assert "- ⚖️ Conditions: No drive-through." in result.text
    assert "2. Provide 10 off-street parking spaces on site or through a shared-parking agreement." in result.text


def test_check_compliance_conditional_and_prohibited(call_tool, districts):
    big = call_tool("check_compliance", {**SEED, "seating_capacity": 60}).structured
    assert (big["status"], big["conditional_use_permit_required"], big["parking"]["required_spaces"]) == (
        "conditional", True, 15)
    assert big["reason"] == ("Restaurant use is permitted by right in C-1 up to a capacity of 49; 60 needs a "
                             "conditional use permit.")
    too_big = call_tool("check_compliance", {**SEED, "seating_capacity": 200})
    assert too_big.structured["status"] == "prohibited"
    assert too_big.structured["parking"] == {"required_spaces": None, "required_by_ratio": None, "ratio": None,
                                             "spaces": None, "per": None, "basis": None, "variance": None}
    assert "❌ **Not permitted** — A capacity of 200 exceeds the 150 allowed for restaurant use in C-1." in (
        too_big.text)
    assert "1. Plan for a capacity of 150 or fewer at this address." in too_big.text
    home = call_tool("check_compliance", {"property_address": "456 Oak Ave", "business_type": "office"})
    assert home.structured["reason"] == "Office use is prohibited in R-1 (Single-family residential)."
    assert "Or apply for a variance (submit_variance, variance_type \"use\")" in home.text


def test_check_compliance_area_based_parking(call_tool, districts):
    without = call_tool("check_compliance", {"property_address": "123 Main St", "business_type": "retail"})
    assert without.structured["parking"]["required_spaces"] is None
    assert "Parking is 2.5 spaces per 1,000 sq ft of floor area; give floor_area_sqft to compute the spaces " \
           "required." in without.text
    sized = call_tool("check_compliance", {"property_address": "123 Main St", "business_type": "retail",
                                           "floor_area_sqft": 2400})
    assert sized.structured["parking"]["required_spaces"] == 6


def test_check_compliance_unknown_place(call_tool, districts):
    result = call_tool("check_compliance", {**SEED, "property_address": "123 Mian Street"})
    assert result.is_error is True
    assert (result.structured["error"]["code"], result.structured["error"]["field"]) == (
        "unknown_place", "property_address")
    assert result.text.startswith("❌ I couldn't find \"123 Mian Street\" in the city's gazetteer.")


# --- lookup_zoning -----------------------------------------------------------------------
def test_lookup_zoning(call_tool, districts, django_assert_max_num_queries):
    make_parcel("APN 101-020-011", "456 Oak Ave", districts.r1, use="single_family")
    with django_assert_max_num_queries(5):
        result = call_tool("lookup_zoning", {"property_address": "456 Oak Ave"})
    facts = result.structured
    assert (facts["district"]["code"], facts["district_source"], facts["parcel"]) == (
        "R-1", "parcel", {"parcel_number": "APN 101-020-011", "lot_area_sqft": 6000, "current_use": "single_family"})
    assert [(u["use"], u["status"], u["parking_ratio"]) for u in facts["uses"]] == [
        ("single_family", "permitted", "2 spaces per unit"), ("office", "prohibited", "none required")]
    assert "✅ **Permitted uses:** Single-family home" in result.text
    assert "- 📏 Setbacks: front 20 ft, side 5 ft, rear 20 ft" in result.text
    assert call_tool("lookup_zoning", {}).structured["error"]["fields"] == {
        "property_address": ["This field is required."]}


# --- submit / track / decide -------------------------------------------------------------
@pytest.mark.parametrize("arguments, errors", [
    ({"variance_type": "fence", "description": "x", "applicant": "A"},
     {"property_address": ["This field is required."]}),
    ({"property_address": "456 Oak Ave", "variance_type": "moat", "description": "x", "applicant": "A"},
     {"variance_type": ['"moat" is not a valid choice. Valid values: setback, height, lot_coverage, parking, use, sign, fence, other.']}),
    ({"property_address": "456 Oak Ave", "variance_type": "fence", "description": " ", "applicant": "A"},
     {"description": ["This field may not be blank."]}),
    ({"property_address": "456 Oak Ave", "variance_type": "fence", "description": "x"},
     {"applicant": ["This field is required."]}),
])
def test_submit_variance_refuses_bad_arguments(call_tool, districts, arguments, errors):
    assert call_tool("submit_variance", arguments).structured["error"]["fields"] == errors
    assert (Variance.objects.count(), Event.objects.count()) == (0, 0)


def test_submit_track_and_decide(call_tool, districts):
    submitted = call_tool("submit_variance", {"property_address": "456 Oak Ave", "variance_type": "Fence Height",
                                              "description": "A 6 ft fence along Oak Ave", "applicant": "Jordan Lee",
                                              "idempotency_key": "k"})
    facts = submitted.structured
    year = timezone.localdate().year
    assert {k: facts[k] for k in ("reference", "status", "variance_type", "district", "fee", "currency",
                                  "notice_days", "replayed")} == {
        "reference": f"VAR-{year}-000001", "status": "submitted", "variance_type": "fence", "district": "R-1",
        "fee": "250.00", "currency": "USD", "notice_days": 21, "replayed": False}
    assert submitted.text.startswith(f"📝 **Variance Application Submitted**\n\n📋 **Reference: VAR-{year}-000001**")
    assert "- Filing fee: $250.00" in submitted.text
    again = call_tool("submit_variance", {"property_address": "456 Oak Ave", "variance_type": "fence",
                                          "description": "x", "applicant": "J", "idempotency_key": "k"})
    # The same key for another request is refused; nothing is filed (apps.mcp.replays).
    assert again.structured["error"]["code"] == "idempotency_key_reused" and Variance.objects.count() == 1
    tracked = call_tool("track_variance", {"reference": facts["reference"].lower()})
    assert [e["status"] for e in tracked.structured["timeline"]] == ["submitted"]
    assert tracked.structured["next_step"].startswith("Staff review the application and the Board of Zoning")
    hearing_held(facts["reference"])
    decided = call_tool("decide_variance", {"reference": facts["reference"], "decision": "approved",
                                            "note": "Findings met"})
    assert {k: decided.structured[k] for k in ("old_status", "status", "changed", "decision_note")} == {
        "old_status": "submitted", "status": "approved", "changed": True, "decision_note": "Findings met"}
    assert decided.text.startswith(f"✅ **Variance {facts['reference']} approved**")
    same = call_tool("decide_variance", {"reference": facts["reference"], "decision": "approved"})
    assert same.text == f"ℹ️ Variance {facts['reference']} is already approved; nothing changed."
    other = call_tool("decide_variance", {"reference": facts["reference"], "decision": "denied"})
    assert (other.is_error, other.structured["error"]["code"]) == (True, "already_decided")
    assert call_tool("decide_variance", {"reference": "x", "decision": "maybe"}).structured["error"]["fields"] == {
        "decision": ['"maybe" is not a valid choice. Valid values: approved, denied.']}
    # The decision is one status move; the same decision again and the refused one add nothing.
    assert list(Event.objects.order_by("id").values_list("type", flat=True)) == [
        "variance.submitted", "variance.status_changed"]


def test_track_unknown_variance(call_tool, db):
    result = call_tool("track_variance", {"reference": "VAR-2026-000404"})
    assert result.is_error is True
    assert result.text == ("❌ No variance application has reference VAR-2026-000404. References look like "
                           "VAR-2026-000123 and are in the confirmation you received when you applied.")


# --- issue 15: an approved parking variance changes the parking; hearings worded against today -----
def approved_parking_variance(address: str, spaces: int) -> str:
    from apps.zoning.services import variance_decide, variance_submit

    reference = variance_submit(property_address=address, variance_type="parking", description="Fewer spaces.",
                                applicant="A", actor="t").variance.reference
    hearing_held(reference)
    variance_decide(reference=reference, decision="approved", actor="staff:t", parking_spaces_required=spaces)
    return reference


def test_an_approved_parking_variance_lowers_what_check_compliance_requires(call_tool, districts):
    reference = approved_parking_variance("123 Main St", 4)
    result = call_tool("check_compliance", SEED)
    parking = result.structured["parking"]
    assert (parking["required_spaces"], parking["required_by_ratio"], parking["variance"]["reference"],
            parking["variance"]["spaces_required"]) == (4, 10, reference, 4)
    assert (f"- 🚗 Parking: 4 spaces — parking variance {reference} (approved Tuesday, November 24) lowers the 10 "
            "the ratio asks (1 space per 4 seats)") in result.text
    assert f"Provide the 4 off-street parking spaces parking variance {reference} requires." in result.text
    small = call_tool("check_compliance", {**SEED, "seating_capacity": 8})  # the ratio asks less: it stands
    assert (small.structured["parking"]["required_spaces"], small.structured["parking"]["required_by_ratio"]) == (2, 2)
    elsewhere = call_tool("check_compliance", {**SEED, "property_address": "456 Oak Ave",
                                               "business_type": "single_family"})
    assert elsewhere.structured["parking"]["variance"] is None


def test_a_denied_parking_variance_changes_nothing(call_tool, districts):
    from apps.zoning.services import variance_decide, variance_submit

    reference = variance_submit(property_address="123 Main St", variance_type="parking", description="x",
                                applicant="A", actor="t").variance.reference
    hearing_held(reference)
    variance_decide(reference=reference, decision="denied", actor="t")
    parking = call_tool("check_compliance", SEED).structured["parking"]
    assert (parking["required_spaces"], parking["variance"]) == (10, None)


def test_variance_hearings_read_against_today(call_tool, districts):
    make_parcel("APN 1", "456 Oak Ave", districts.r1)
    from apps.zoning.services import variance_submit

    reference = variance_submit(property_address="456 Oak Ave", variance_type="fence", description="x",
                                applicant="A", actor="t").variance.reference
    upcoming = call_tool("track_variance", {"reference": reference})
    assert (upcoming.structured["hearing_status"], upcoming.structured["days_overdue"]) == ("scheduled", 0)
    assert "- Hearing: Tuesday, January 12, 2027 (in 49 days)" in upcoming.text
    Variance.objects.filter(reference=reference).update(hearing_date="2026-11-10")
    late = call_tool("track_variance", {"reference": reference})
    assert (late.structured["hearing_status"], late.structured["decision_due"], late.structured["days_overdue"]) == (
        "decision_overdue", "2026-11-10", 14)
    assert "- Hearing: Tuesday, November 10 (14 days ago) — ⚠️ decision overdue by 14 days" in late.text
    assert late.structured["next_step"] == (
        "The Board of Zoning Appeals heard it on Tuesday, November 10; its decision was due then and is overdue "
        "by 14 days. Ask the zoning office when it will be decided.")
    looked = call_tool("lookup_zoning", {"property_address": "456 Oak Ave"})
    assert looked.structured["variances"][0]["hearing_status"] == "decision_overdue"
    assert (f"- {reference} — Fence height, Submitted, hearing Tuesday, November 10 (14 days ago) — ⚠️ decision "
            "overdue by 14 days") in looked.text
    decided = call_tool("decide_variance", {"reference": reference, "decision": "denied", "note": "No."})
    assert "(hearing Tuesday, November 10)" in decided.text
    held = call_tool("track_variance", {"reference": reference})
    assert (held.structured["hearing_status"], held.structured["decision_due"]) == ("held", None)
    assert "- Hearing: Tuesday, November 10 (held)" in held.text and "ago" not in held.text.split("Submitted")[0]


def test_a_unit_based_ratio_is_not_asked_as_floor_area(call_tool, districts):
    result = call_tool("check_compliance", {"property_address": "456 Oak Ave", "business_type": "single_family"})
    assert result.structured["parking"]["required_spaces"] is None
    assert "Parking is 2 spaces per unit: multiply it by the dwellings or guest rooms planned." in result.text
    assert "floor_area_sqft" not in result.text
