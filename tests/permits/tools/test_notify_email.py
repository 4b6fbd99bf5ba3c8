"""submit_application's notify_email: the applicant's opt-in to status emails, kept private."""
from apps.events.models import Event
from apps.permits.models import PermitApplication
from tests.permits.tools.test_applications import SUBMIT


def test_the_opt_in_is_stored_and_not_shown_back_to_the_applicant(call_tool, deck_type, places):
    result = call_tool("submit_application", {**SUBMIT, "notify_email": "jane.doe@example.com"})
    assert result.is_error is False
    assert PermitApplication.objects.get().notify_email == "jane.doe@example.com"
    assert "notify_email" not in result.structured  # staff only, like every contact detail
    assert "jane.doe@example.com" not in result.text


def test_an_address_that_is_not_an_email_is_refused_and_writes_nothing(call_tool, deck_type, places):
    result = call_tool("submit_application", {**SUBMIT, "notify_email": "call me on 555-1234"})
    assert result.is_error is True
    assert result.structured["error"]["fields"] == {"notify_email": ["Enter a valid email address."]}
    assert (PermitApplication.objects.count(), Event.objects.count()) == (0, 0)


def test_the_opt_in_is_optional(call_tool, deck_type, places):
    assert call_tool("submit_application", SUBMIT).is_error is False
    assert PermitApplication.objects.get().notify_email == ""
