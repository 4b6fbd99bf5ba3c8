"""What the audit log keeps of a call's arguments."""
import base64

import pytest

from apps.accounts.redact import redact

PHOTO = base64.b64encode(b"\x89PNG" + bytes(range(256)) * 8).decode()


@pytest.mark.parametrize("arguments, expected", [
    ({"license_plate": "ABC123", "include_payment_options": True},
     {"license_plate": "ABC123", "include_payment_options": True}),
    ({"card_number": "4242424242424242", "cvv": "123", "payment_token": "tok_visa", "password": "hunter2",
      "client_secret": "s", "api_key": "cmk_x", "pin": "1234", "Authorization": "Bearer x"},
     {"card_number": "[redacted]", "cvv": "[redacted]", "payment_token": "[redacted]", "password": "[redacted]",
      "client_secret": "[redacted]", "api_key": "[redacted]", "pin": "[redacted]", "Authorization": "[redacted]"}),
    ({"photo": PHOTO}, {"photo": f"[file content redacted: {len(PHOTO)} characters]"}),
    ({"photo": "short"}, {"photo": "[file content redacted: 5 characters]"}),
    ({"evidence_base64": "aGVsbG8="}, {"evidence_base64": "[file content redacted: 8 characters]"}),
    ({"documents": [{"filename": "plan.pdf", "content_base64": PHOTO, "kind": "site_plan"}]},
     {"documents": [{"filename": "plan.pdf", "content_base64": f"[file content redacted: {len(PHOTO)} characters]",
                     "kind": "site_plan"}]}),
    ({"documents": [PHOTO, PHOTO]}, {"documents": "[file content redacted: 2 item(s)]"}),
    ({"notes": PHOTO}, {"notes": f"[file content redacted: {len(PHOTO)} characters]"}),
    ({"image_url": "data:image/png;base64,iVBORw0KGgo="},
     {"image_url": "[file content redacted: 34 characters]"}),
    ({"description": "Loud bass, all night. " * 60},
     {"description": ("Loud bass, all night. " * 60)[:1000] + "… [320 more characters]"}),
    ({"nested": {"payment": {"card": {"number": "4242"}}}}, {"nested": {"payment": {"card": "[redacted]"}}}),
    ({"photo": None, "count": 3, "ratio": 0.5}, {"photo": None, "count": 3, "ratio": 0.5}),
    ({"token": {"anything": 1}}, {"token": "[redacted]"}),
])
def test_redact(arguments, expected):
    assert redact(arguments) == expected


def test_user_context_token_is_redacted_and_the_rest_kept():
    context = {"token": "user-jwt", "domain": "parking", "requested_tool": "check_violations",
               "timestamp": 1760000000.5}
    assert redact(context) == {"token": "[redacted]", "domain": "parking", "requested_tool": "check_violations",
                               "timestamp": 1760000000.5}


def test_redact_leaves_the_original_untouched():
    arguments = {"password": "p", "items": [{"secret": "s"}]}
    redact(arguments)
    assert arguments == {"password": "p", "items": [{"secret": "s"}]}


def test_deep_and_long_structures_are_bounded():
    deep = {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": 1}}}}}}}}
    assert redact(deep) == {"a": {"b": {"c": {"d": {"e": {"f": {"g": "[nested too deep]"}}}}}}}
    assert len(redact({"items": list(range(500))})["items"]) == 50
