"""analyze_requirements: peak windows, enforcement overlap, and the seed's restaurant workflow call."""
from datetime import time
from decimal import Decimal

import httpx
import jsonschema
import pytest

from apps.mcp.call import Call
from apps.mcp.calls import run_tool
from apps.mcp.registry import registry
from apps.parking.models import ParkingFacility
from apps.business.requirements import PEAK_HOURS_MESSAGE, PeakWindow, enforced_minutes, peak_hours_parse

SEED_ARGUMENTS = {"business_address": "123 Main Street", "seating_capacity": 40, "peak_hours": "6pm-10pm"}


@pytest.mark.parametrize("raw, start, end, minutes", [
    ("6pm-10pm", time(18), time(22), 240),
    ("6-10pm", time(18), time(22), 240),
    ("18:00-22:00", time(18), time(22), 240),
    ("11:30am to 2pm", time(11, 30), time(14), 150),
    ("10pm-2am", time(22), time(2), 240),
])
def test_peak_hours_parse(raw, start, end, minutes):
    window = peak_hours_parse(raw)
    assert (window.start, window.end, window.minutes) == (start, end, minutes)


@pytest.mark.parametrize("raw", ["later", "6pm", "13pm-2pm", "25:00-26:00", "6pm-6pm", ""])
def test_peak_hours_parse_refuses(raw):
    with pytest.raises(ValueError, match=PEAK_HOURS_MESSAGE):
        peak_hours_parse(raw)


def facility(**fields) -> ParkingFacility:
    return ParkingFacility(name="F", kind="street", latitude=0, longitude=0, capacity=10, **fields)


@pytest.mark.parametrize("fields, expected", [
    ({"hourly_rate": Decimal("2"), "enforcement_start": time(8), "enforcement_end": time(18)}, 0),
    ({"hourly_rate": Decimal("2"), "enforcement_start": time(8), "enforcement_end": time(20)}, 120),
    ({"hourly_rate": Decimal("2"), "enforcement_start": time(8), "enforcement_end": time(23)}, 240),
    ({"flat_rate": Decimal("5")}, 240),
    ({}, 0),
])
def test_enforced_minutes_over_an_evening_peak(fields, expected):
    assert enforced_minutes(facility(**fields), PeakWindow(time(18), time(22))) == expected


def call_tool(arguments):
    tool = registry.find_tool("parking", "analyze_requirements")
    return tool, run_tool(tool, arguments, Call(domain="parking", listener="parking", version="2025-11-25"))


def test_seed_restaurant_call_on_the_demo_city(demo_city, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        tool, result = call_tool(dict(SEED_ARGUMENTS))
    assert result.is_error is False
    jsonschema.validate(result.structured, tool.output_schema)
    data = result.structured
    assert (data["zoning_district"], data["required_spaces"], data["parking_ratio"]) == ("C-1", 10, "1 per 4 seats")
    by_name = {f["name"]: f for f in data["facilities"]}
    assert by_name["Main St (100 block)"]["peak_cost"] == "0.00"  # enforced 8am-6pm: free after 6
    assert by_name["1st Avenue"]["time_limit_applies"] is True
    assert data["spaces_available"] == sum(f["spaces_available"] for f in data["facilities"])
    assert data["spaces_free_at_peak"] == sum(f["spaces_available"] for f in data["facilities"]
                                              if f["peak_cost"] == "0.00")
    assert "Zoning requires 10 off-street spaces" in result.text
    assert "required" in result.text.lower()  # the seed's workflow looks for it


@pytest.mark.parametrize("arguments, field", [
    ({**SEED_ARGUMENTS, "peak_hours": "evening"}, "peak_hours"),
    ({**SEED_ARGUMENTS, "seating_capacity": 0}, "seating_capacity"),
    ({"seating_capacity": 40}, "business_address"),
])
def test_bad_arguments_name_the_argument(db, arguments, field):
    _, result = call_tool(arguments)
    assert result.is_error is True
    assert list(result.structured["error"]["fields"]) == [field]


def test_unknown_address_is_an_answer_with_suggestions(demo_city):
    _, result = call_tool({**SEED_ARGUMENTS, "business_address": "Nowhere Plaza"})
    assert result.is_error is True
    assert "couldn't find" in result.text


def test_seed_workflow_call_through_the_server(server, demo_city):
    response = httpx.post(server.mcp_url("parking"), json={
        "jsonrpc": "2.0", "id": 3, "method": "tools/call",
        "params": {"name": "analyze_requirements", "arguments": dict(SEED_ARGUMENTS)}})
    assert response.status_code == 200
    result = response.json()["result"]
    assert result["isError"] is False
    assert "**Parking Requirements for 123 Main St**" in result["content"][0]["text"]
