"""Issue 11 (2): a lone surrogate anywhere in a body is refused at the edge, with where it sits."""
import json

import pytest

from apps.mcp.messages import ParseError, parse, parse_error_reply
from apps.mcp.wellformed import lone_surrogate_path, may_hold_surrogates


@pytest.mark.parametrize("body, where", [
    ('{"id": "\\ud800"}', "$.id"),
    ('{"method": "tools/\\udfff"}', "$.method"),
    ('{"params": {"arguments": {"license_plate": "\\ud800"}}}', "$.params.arguments.license_plate"),
    ('{"params": {"arguments": {"\\ud800": 1}}}', "$.params.arguments (a key)"),
    ('[{"id": 1}, {"params": {"uri": "civic://\\udc00"}}]', "$[1].params.uri"),
    ('{"params": {"arguments": {"list": ["ok", "x\\uDBFFy"]}}}', "$.params.arguments.list[1]"),
])
def test_the_first_lone_surrogate_is_found_and_named(body, where):
    assert may_hold_surrogates(body.encode())
    assert lone_surrogate_path(json.loads(body)) == where
    with pytest.raises(ParseError) as raised:
        parse(body.encode())
    assert raised.value.detail == f"lone surrogate at {where}"


@pytest.mark.parametrize("body", [
    '{"text": "\\ud83d\\ude97 a car, as a surrogate pair"}',
    '{"text": "🚗 raw UTF-8"}',
    '{"text": "a backslash then u-d-8: \\\\ud800"}',  # escaped backslash: text, not a surrogate
    '{"n": 1}',
])
def test_pairs_and_plain_text_pass(body):
    assert parse(body.encode()) == json.loads(body)


def test_the_walk_needs_no_recursion():
    deep = "[" * 5000 + '"\\ud800"' + "]" * 5000
    value = json.loads("[" * 900 + '"\\ud800"' + "]" * 900)
    assert lone_surrogate_path(value).startswith("$[0][0]")
    with pytest.raises(ParseError):
        parse(deep.encode())  # too deep for the parser: refused, no RecursionError escapes


def test_the_error_names_the_place():
    reply = parse_error_reply("lone surrogate at $.id")
    assert reply.status == 400
    assert reply.body["error"] == {"code": -32700,
                                   "message": "Parse error: the body is not valid UTF-8 JSON (lone surrogate at $.id)."}
    assert parse_error_reply().body["error"]["message"] == "Parse error: the body is not valid UTF-8 JSON."
