"""find_parking: the seed's sections, costs for the stay, a reasoned recommendation, errors."""
import pytest

from apps.parking.parsing import DURATION_MESSAGE

pytestmark = pytest.mark.django_db

SEED_OPTIONS = "\n".join([
    "🅿️ **Parking Options Near Downtown City Hall**",
    "",
    "**Street Parking (2-hour limit):**",
    "1. 📍 Main St (100 block) - $2.00/hour",
    "   - 🚶 0.1 miles away",
    "   - ✅ 8 spaces available",
    "   - ⏰ Enforced 8am-6pm",
    "   - 💵 $4.00 for 2 hours",
    "",
    "2. 📍 1st Avenue - $1.50/hour",
    "   - 🚶 0.2 miles away",
    "   - ✅ 12 spaces available",
    "   - ⏰ 2-hour limit",
    "   - 💵 $3.00 for 2 hours",
    "",
    "**Nearby Garages:**",
    "3. 🏢 City Center Garage - $5.00 flat rate",
    "   - 🚶 0.3 miles away",
    "   - ✅ 45 spaces available",
    "   - ⏰ No time limit",
])


def test_options_near_city_hall(call_tool, places, facilities):
    result = call_tool("find_parking", {"location": "Downtown City Hall", "duration": "2 hours"})
    assert result.is_error is False
    assert result.text == SEED_OPTIONS + (
        "\n\n💡 **Recommendation:** 1st Avenue is the most economical for your 2-hour needs ($3.00, 0.2 miles "
        "away); Main St (100 block) is the closest (0.1 miles, $4.00).")
    data = result.structured
    assert data["location"] == {"name": "Downtown City Hall", "latitude": 37.7793, "longitude": -122.4192}
    assert (data["duration_minutes"], data["parking_type"], data["radius_miles"]) == (120, "any", 0.5)
    assert [(o["name"], o["distance_miles"], o["cost"], o["spaces_available"]) for o in data["options"]] == [
        ("Main St (100 block)", 0.09, "4.00", 8), ("1st Avenue", 0.23, "3.00", 12),
        ("City Center Garage", 0.29, "5.00", 45)]
    assert data["recommendation"]["name"] == "1st Avenue"
    assert data["recommendation"]["reason"] == "cheapest"


def test_when_the_closest_is_also_cheapest_the_seeds_sentence_holds(call_tool, places, facilities):
    facilities.first.hourly_rate = "2.50"
    facilities.first.save()
    text = call_tool("find_parking", {"location": "Downtown City Hall", "duration": "2 hours"}).text
    assert text.endswith("💡 **Recommendation:** Main St (100 block) parking is closest and most economical "
                         "for your 2-hour needs.")


def test_a_longer_stay_rules_out_the_two_hour_streets(call_tool, places, facilities):
    result = call_tool("find_parking", {"location": "City Hall", "duration": "3 hours", "parking_type": "any"})
    assert "🚫 **Ruled out:**\n- Main St (100 block) (0.1 miles): 2-hour limit is shorter than your 3-hour stay\n" \
           "- 1st Avenue (0.2 miles): 2-hour limit is shorter than your 3-hour stay" in result.text
    assert [o["name"] for o in result.structured["options"]] == ["City Center Garage"]
    assert [o["ruled_out"] for o in result.structured["ruled_out"]] == ["time_limit", "time_limit"]


def test_without_a_duration_the_closest_is_recommended(call_tool, places, facilities):
    result = call_tool("find_parking", {"location": "Downtown City Hall", "parking_type": "street"})
    assert "💵" not in result.text and "Garages" not in result.text
    assert result.text.endswith("💡 **Recommendation:** Main St (100 block) is the closest, 0.1 miles away with "
                                "8 spaces available.")
    assert result.structured["options"][0]["cost"] is None


def test_far_from_everything(call_tool, places, facilities):
    result = call_tool("find_parking", {"location": "Harbor Ferry Terminal", "parking_type": "street"})
    assert result.is_error is False
    assert result.text == ("🅿️ **Parking Options Near Harbor Ferry Terminal**\n\n"
                           "❌ No street parking available within 0.5 miles.\n\n"
                           "➡️ The nearest street option with room is Main St (100 block) ($2.00/hour), "
                           "1.4 miles away.")
    assert "recommendation" not in result.structured
    assert result.structured["nearest_beyond"]["name"] == "Main St (100 block)"


def test_an_unknown_place_is_an_error_with_suggestions(call_tool, places, facilities):
    result = call_tool("find_parking", {"location": "Dowtown City Hal"})
    assert result.is_error is True
    assert result.text == "❌ I couldn't find \"Dowtown City Hal\" in the city's gazetteer. Did you mean: " \
                          "Downtown City Hall?"
    assert result.structured["error"]["field"] == "location"


VALID = [
    {"location": "Downtown City Hall"},
    {"location": "123 Main St", "duration": "90 minutes"},
    {"location": "City Hall", "duration": "1.5 h", "parking_type": "garage", "max_results": 1},
    {"location": "City Hall", "parking_type": "lot", "max_results": 20},
]

INVALID = [
    ({}, {"location": ["This field is required."]}),
    ({"location": "City Hall", "duration": "forever"}, {"duration": [DURATION_MESSAGE]}),
    ({"location": "City Hall", "duration": "48 hours"}, {"duration": [DURATION_MESSAGE]}),
    ({"location": "City Hall", "parking_type": "valet"}, {"parking_type": ['"valet" is not a valid choice. Valid values: street, garage, lot, any.']}),
    ({"location": "City Hall", "max_results": 0},
     {"max_results": ["Ensure this value is greater than or equal to 1."]}),
    ({"location": "City Hall", "max_results": 50},
     {"max_results": ["Ensure this value is less than or equal to 20."]}),
    ({"location": "x" * 201}, {"location": ["Ensure this field has no more than 200 characters."]}),
]


@pytest.mark.parametrize("arguments", VALID)
def test_valid_arguments(call_tool, places, facilities, arguments):
    assert call_tool("find_parking", arguments).is_error is False


@pytest.mark.parametrize("arguments, fields", INVALID)
def test_invalid_arguments_name_the_argument(call_tool, places, facilities, arguments, fields):
    result = call_tool("find_parking", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == fields


def test_query_count(call_tool, places, facilities, django_assert_num_queries):
    with django_assert_num_queries(2):
        result = call_tool("find_parking", {"location": "Downtown City Hall", "duration": "2 hours"})
    assert result.is_error is False, result.text  # the capped call succeeded


def test_a_facility_without_room_is_never_ticked():
    from apps.parking.answers.parking import _spaces_line

    assert [_spaces_line(n) for n in (0, 1, 8)] == ["🚫 Full right now", "✅ 1 space available",
                                                  "✅ 8 spaces available"]
