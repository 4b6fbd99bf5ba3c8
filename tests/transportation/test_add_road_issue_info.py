"""add_road_issue_info: the reporter (access code) adds to their open issue; a timeline entry, an event, the admin."""
import pytest
from django.urls import reverse

from apps.events.models import Event
from apps.transportation.models import RoadIssueInformation, RoadIssueUpdate
from apps.transportation.services import road_issue_status_update

WHAT = "It has doubled in size and a cyclist swerved into traffic."


@pytest.fixture
def filed(call_tool, places):
    """A pothole reported at 456 Oak Ave: its reference and the reporter's access code."""
    return call_tool("report_road_issue", {"issue_type": "pothole", "location": "456 Oak Ave"}).structured


def test_the_reporter_adds_information(call_tool, filed, admin_client):
    result = call_tool("add_road_issue_info", {"reference": filed["reference"].lower(),
                                               "access_code": filed["access_code"], "text": f" {WHAT} "})
    assert result.is_error is False, result.text
    assert (result.structured["reference"], result.structured["status"], result.structured["information"]) == (
        filed["reference"], "reported", WHAT)
    assert result.text.startswith(f"📝 **Information Added to {filed['reference']}**")
    information = RoadIssueInformation.objects.get()
    assert (information.text, information.issue.reference) == (WHAT, filed["reference"])
    assert list(RoadIssueUpdate.objects.order_by("id").values_list("status", "note")) == [
        ("reported", "Issue reported."), ("reported", "The reporter added information.")]
    event = Event.objects.get(type="road_issue.info_added")
    assert event.data == {"reference": filed["reference"], "status": "reported"}
    # The reporter sees it when tracking with the code; the public sees only that something was added.
    mine = call_tool("track_road_issue", {"reference": filed["reference"], "access_code": filed["access_code"]})
    assert [item["text"] for item in mine.structured["added_information"]] == [WHAT]
    assert f": {WHAT}" in mine.text
    public = call_tool("track_road_issue", {"reference": filed["reference"]})
    assert "added_information" not in public.structured and WHAT not in public.text
    assert public.structured["timeline"][-1]["note"] == "The reporter added information."
    # Road crews read it on the issue's admin page.
    page = admin_client.get(reverse("admin:transportation_roadissue_change", args=[information.issue.pk]))
    assert page.status_code == 200 and WHAT in page.content.decode()


@pytest.mark.parametrize("access_code", ["AAAAA-BBBBB", ""])
def test_only_the_reporter_may_add(call_tool, filed, access_code):
    result = call_tool("add_road_issue_info", {"reference": filed["reference"], "access_code": access_code,
                                               "text": WHAT})
    assert result.is_error is True
    expected = "owner_proof_required" if access_code else "invalid_arguments"
    assert result.structured["error"]["code"] == expected
    assert not RoadIssueInformation.objects.exists()
    assert not Event.objects.filter(type="road_issue.info_added").exists()
    assert RoadIssueUpdate.objects.count() == 1


def test_a_resolved_issue_takes_no_more_information(call_tool, filed):
    road_issue_status_update(reference=filed["reference"], status="resolved", actor="staff:roads")
    result = call_tool("add_road_issue_info", {"reference": filed["reference"], "access_code": filed["access_code"],
                                               "text": WHAT})
    assert (result.is_error, result.structured["error"]["code"]) == (True, "issue_closed")
    assert not RoadIssueInformation.objects.exists()


@pytest.mark.parametrize("arguments, fields", [
    ({"text": ""}, ["text"]),
    ({"text": "x" * 2001}, ["text"]),
    ({"reference": None}, ["reference"]),
])
def test_add_road_issue_info_argument_table(call_tool, filed, arguments, fields):
    result = call_tool("add_road_issue_info", {"reference": filed["reference"], "access_code": filed["access_code"],
                                               "text": WHAT, **arguments})
    assert result.is_error is True
    assert sorted(result.structured["error"]["fields"]) == fields


def test_an_unknown_reference(call_tool, places):
    result = call_tool("add_road_issue_info", {"reference": "RD-2026-999999", "access_code": "AAAAA-BBBBB",
                                               "text": WHAT})
    assert result.structured["error"]["code"] == "issue_not_found"
