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


# --- issue 11 (5): secrets by value, and the names the old list missed -----------------------
KEY = "cmk_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v"


@pytest.mark.parametrize("arguments, expected", [
    ({"payment_method": "4242 4242 4242 4242"}, {"payment_method": "[card number redacted]"}),
    ({"payment_method": "4242-4242-4242-4242"}, {"payment_method": "[card number redacted]"}),
    ({"notes": "pay with 5555555555554444 please"}, {"notes": "pay with [card number redacted] please"}),
    ({"notes": "ref 4242424242424241"}, {"notes": "ref 4242424242424241"}),  # fails Luhn: not a card
    ({"phone": "555-123-4567", "citation": "PKG-2026-000123"},
     {"phone": "555-123-4567", "citation": "PKG-2026-000123"}),
    ({"key": KEY, "x-api-key": "anything", "bearer": "b", "auth": "a", "X-Auth-Token": "t"},
     {"key": "[redacted]", "x-api-key": "[redacted]", "bearer": "[redacted]", "auth": "[redacted]",
      "X-Auth-Token": "[redacted]"}),
    ({"user": {"key": KEY, "id": "u-1"}}, {"user": {"key": "[redacted]", "id": "u-1"}}),
    ({"note": f"my key is {KEY}"}, {"note": "my key is [api key redacted]"}),
    ({"header": "Bearer abc.def-ghi_jkl"}, {"header": "Bearer [redacted]"}),
    ({"jwt_like": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}, {"jwt_like": "[token redacted]"}),
    ({"idempotency_key": "3f1c", "monkey": "banana", "keyword": "noise"},
     {"idempotency_key": "3f1c", "monkey": "banana", "keyword": "noise"}),
    ({"plate": "AB\ud800C", "\udfffname": 1}, {"plate": "AB\ufffdC", "\ufffdname": 1}),
    ({"items": ["4242 4242 4242 4242"]}, {"items": ["[card number redacted]"]}),
])
def test_secrets_are_redacted_by_value_and_by_more_names(arguments, expected):
    assert redact(arguments) == expected


def test_user_context_keys_are_redacted_wherever_they_sit():
    context = {"user_id": "u-1", "credentials": {"key": KEY}, "note": KEY, "session": "s"}
    assert redact(context) == {"user_id": "u-1", "credentials": "[redacted]", "note": "[api key redacted]",
                               "session": "[redacted]"}


@pytest.mark.parametrize("text", ["4242 4242 4242 4242", "key=" + KEY, "Authorization: Bearer abcdefgh12345"])
def test_log_lines_are_scrubbed(text, caplog):
    import json
    import logging

    from civicmind.logging import JsonFormatter, PlainFormatter

    record = logging.LogRecord("civicmind.mcp", logging.ERROR, __file__, 1, "failed with %s", (text,), None)
    line = JsonFormatter().format(record)
    plain = PlainFormatter("%(message)s").format(record)
    for secret in ("4242 4242", KEY, "abcdefgh12345"):
        assert secret not in line and secret not in plain
    assert json.loads(line)["message"].startswith("failed with ")


def test_an_owners_access_code_is_redacted_and_references_kept():
    assert redact({"reference": "PRM-2026-000110", "access_code": "K7QX2-M9PRT", "accessCode": "K7QX2-M9PRT",
                   "idempotency_key": "pay-1"}) == {
        "reference": "PRM-2026-000110", "access_code": "[redacted]", "accessCode": "[redacted]",
        "idempotency_key": "pay-1"}
