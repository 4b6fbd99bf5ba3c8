"""Issue 15: analyze_requirements says in text exactly what its structure says, over the demo city.

The repro: 123 Main Street with 200 seats printed "Zoning sets no parking ratio" beside a
structured `parking_ratio: "1 per 4 seats"` and `zoning_status: "prohibited"`, showed
"✅ 0 of 8 spaces available" and advised "Point customers to the free spaces" with none free.
The grid below reads every answer's text back against its structuredContent: status, ratio,
spaces required and spaces available, with the public supply as it is and with every free
space taken.
"""
import itertools
import re

import httpx
import jsonschema
from django.db.models import F

from apps.core.wording import plural
from apps.parking.models import ParkingFacility
from apps.zoning.catalogue import UseStatus
from tests.business.test_requirements import SEED_ARGUMENTS, call_tool

ADDRESSES = ["123 Main Street", "456 Oak Ave", "250 Market St", "789 Elm St", "145 Main St", "900 Harbor Blvd"]
SEATS = [40, 80, 150, 200]
USES = ["restaurant", "bar", "cafe", "retail", "office", "single_family"]
RATIO = re.compile(r"\d+(?:\.\d+)? per \d")
SPACES_LINE = re.compile(r"^   - (✅|⛔) (\d+) of (\d+) spaces available", re.M)


def disagreements(data: dict, text: str) -> list[str]:
    """Every fact of the structure the text misstates or leaves out (empty: they agree)."""
    wrong = []
    status = UseStatus(data["zoning_status"])
    if status.label not in text:
        wrong.append(f"status {status} not stated as {status.label}")
    ratio, required = data["parking_ratio"], data["required_spaces"]
    if ratio is None and RATIO.search(text):
        wrong.append(f"a ratio in the text ({RATIO.search(text).group()}) but parking_ratio is null")
    if ratio is not None and ratio not in text:
        wrong.append(f"parking_ratio {ratio!r} missing from the text")
    if status == UseStatus.PROHIBITED and (required is not None or ratio is not None):
        wrong.append("a prohibited use with a parking requirement")
    stated = re.findall(r"Zoning requires ([\d,]+) off-street spaces?", text)
    if required:
        if stated != [str(required)] or f"{plural(required, 'off-street space')}" not in text:
            wrong.append(f"required_spaces {required} stated as {stated}")
    elif stated:
        wrong.append(f"text requires {stated} spaces, structure {required}")
    if status != UseStatus.PROHIBITED and (
            f"{plural(data['spaces_available'], 'space')} available right now" not in text
            or f"{data['spaces_free_at_peak']} of them free during your peak hours" not in text):
        wrong.append(f"{data['spaces_available']} available / {data['spaces_free_at_peak']} free not stated")
    lines = SPACES_LINE.findall(text)
    if [(int(a), int(c)) for _, a, c in lines] != [(f["spaces_available"], f["capacity"]) for f in data["facilities"]]:
        wrong.append("facility lines do not match the facilities")
    if any((mark == "✅") != (int(available) > 0) for mark, available, _ in lines):
        wrong.append("a check mark on a full facility (or none on one with room)")
    advises_free = "Point customers to the" in text
    if advises_free != (data["spaces_free_at_peak"] > 0 and status != UseStatus.PROHIBITED):
        wrong.append(f"free-space advice with {data['spaces_free_at_peak']} free")
    return wrong


def grid_disagreements() -> list:
    found = []
    for address, seats, use in itertools.product(ADDRESSES, SEATS, USES):
        tool, result = call_tool({"business_address": address, "seating_capacity": seats, "business_type": use})
        assert result.is_error is False, result.text
        jsonschema.validate(result.structured, tool.output_schema)
        wrong = disagreements(result.structured, result.text)
        if wrong:
            found.append((address, seats, use, wrong))
    return found


def test_the_200_seat_repro_states_the_prohibition_and_no_ratio(demo_city):
    _, result = call_tool({**SEED_ARGUMENTS, "seating_capacity": 200})
    data = result.structured
    assert (data["zoning_status"], data["parking_ratio"], data["required_spaces"]) == ("prohibited", None, None)
    assert data["zoning_reason"] == "A capacity of 200 exceeds the 150 allowed for restaurant use in C-1."
    assert "**Zoning (C-1):** ❌ Not permitted" in result.text
    assert "Zoning sets no parking ratio" not in result.text
    assert ("Not permitted here (restaurant, 200 seats): A capacity of 200 exceeds the 150 allowed for restaurant "
            "use in C-1.") in result.text
    assert "Point customers to the free spaces" not in result.text
    assert disagreements(data, result.text) == []


def test_text_and_structure_agree_over_the_demo_city(demo_city):
    assert grid_disagreements() == []


def test_text_and_structure_agree_when_no_public_space_is_free(demo_city):
    """Issue 15, item 2: "✅ 0 of 8 spaces available" and advice to use free spaces when none are free."""
    ParkingFacility.objects.update(occupied=F("capacity"))
    _, result = call_tool(dict(SEED_ARGUMENTS))
    assert "⛔ 0 of 10 spaces available (full right now)" in result.text
    assert "✅ 0 of" not in result.text
    assert "Point customers to the" not in result.text
    assert "Public parking within walking distance is full right now" in result.text
    assert grid_disagreements() == []


def test_paid_spaces_only_are_not_called_free(demo_city):
    ParkingFacility.objects.filter(name="Main St (100 block)").update(occupied=F("capacity"))
    _, result = call_tool(dict(SEED_ARGUMENTS))
    assert result.structured["spaces_free_at_peak"] == 0 and result.structured["spaces_available"] > 0
    assert "Point customers to the" not in result.text
    assert "No public space nearby is free during your peak hours" in result.text


def test_distances_use_the_city_wording(demo_city):
    _, result = call_tool(dict(SEED_ARGUMENTS))
    assert "Main St (100 block) — less than 0.1 miles away" in result.text
    assert "0.0 miles" not in result.text


def test_the_prohibited_repro_through_the_server(server, demo_city):
    response = httpx.post(server.mcp_url("parking"), json={
        "jsonrpc": "2.0", "id": 3, "method": "tools/call",
        "params": {"name": "analyze_requirements", "arguments": {**SEED_ARGUMENTS, "seating_capacity": 200}}},
        headers={"MCP-Protocol-Version": "2025-06-18"}, timeout=30)
    result = response.json()["result"]
    data, text = result["structuredContent"], result["content"][0]["text"]
    assert (data["zoning_status"], data["parking_ratio"], data["required_spaces"]) == ("prohibited", None, None)
    assert disagreements(data, text) == []
    assert "Zoning sets no parking ratio" not in text


def test_an_approved_parking_variance_lowers_the_requirement(demo_city):
    from apps.zoning.services import variance_decide, variance_submit
    from tests.zoning.conftest import hearing_held

    arguments = {"business_address": "145 Main St", "seating_capacity": 48}
    assert call_tool(arguments)[1].structured["required_spaces"] == 12
    reference = variance_submit(property_address="145 Main St", variance_type="parking", description="4 of 12.",
                                applicant="Main Street Bistro LLC", actor="t").variance.reference
    hearing_held(reference)
    variance_decide(reference=reference, decision="approved", actor="t", parking_spaces_required=4)
    _, result = call_tool(arguments)
    data = result.structured
    assert (data["required_spaces"], data["required_by_ratio"], data["parking_variance"]) == (4, 12, reference)
    assert (f"**Zoning Requirement (C-1):** 4 off-street spaces — parking variance {reference} lowers the 12 the "
            "ratio asks (1 per 4 seats)") in result.text
    assert f"Show the 4 off-street spaces parking variance {reference} requires on your site plan" in result.text
    assert "apply for a parking variance" not in result.text
    assert disagreements(data, result.text) == []
