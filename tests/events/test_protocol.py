"""Parsing client messages: a table of what is accepted and the exact error for the rest."""
import json

import pytest

from apps.events import protocol as p


@pytest.mark.parametrize("message, command", [
    ({"action": "subscribe", "events": ["violation.created", "complaint.filed"]},
     p.Subscribe(events=("violation.created", "complaint.filed"), domains=None, since=None)),
    ({"action": "subscribe"}, p.Subscribe(events=("*",), domains=None, since=None)),
    ({"type": "subscribe", "events": "permit.*", "since": 12},
     p.Subscribe(events=("permit.*",), domains=None, since=12)),
    ({"action": "subscribe", "events": ["*", "*"], "domains": ["noise", "parking", "noise"], "since": "40"},
     p.Subscribe(events=("*",), domains=("noise", "parking"), since=40)),
    ({"action": "subscribe", "domains": ["*"], "since": 0}, p.Subscribe(events=("*",), domains=("*",), since=0)),
    ({"action": "subscribe", "domains": "all"}, p.Subscribe(events=("*",), domains=("*",), since=None)),
    ({"action": "unsubscribe", "events": ["permit.*"]}, p.Unsubscribe(events=("permit.*",))),
    ({"action": "unsubscribe"}, p.Unsubscribe(events=None)),
    ({"action": "ping"}, p.Ping()),
    ({"type": "ping", "action": "ping"}, p.Ping()),
])
def test_valid_messages(message, command):
    assert p.parse_command(json.dumps(message)) == command


@pytest.mark.parametrize("text, error", [
    ("", {"type": "error", "reason": "malformed message: expected a JSON object"}),
    ("{'action': 'ping'}", {"type": "error", "reason": "malformed message: expected a JSON object"}),
    ("[1]", {"type": "error", "reason": "malformed message: expected a JSON object, not an array"}),
    ('"ping"', {"type": "error", "reason": "malformed message: expected a JSON object, not a string"}),
    ("3", {"type": "error", "reason": "malformed message: expected a JSON object, not a number"}),
    ("{}", {"type": "error", "reason": 'malformed message: "action" is required (subscribe, unsubscribe or ping)'}),
    ('{"action": "ping", "type": "subscribe"}', {"type": "error", "reason": 'malformed message: "action" and "type" disagree'}),
    ('{"action": "listen"}', {"type": "error", "reason": "unknown action 'listen': expected subscribe, unsubscribe or ping"}),
    ('{"action": "subscribe", "events": []}', {"type": "error", "reason": p.EVENTS_NOT_LIST}),
    ('{"action": "subscribe", "events": [3]}', {"type": "error", "reason": p.EVENTS_NOT_LIST}),
    ('{"action": "subscribe", "events": {"a": 1}}', {"type": "error", "reason": p.EVENTS_NOT_LIST}),
    ('{"action": "subscribe", "events": ["violation.created", "violation.towed", "parade.*", ".*", "*.created"]}',
     {"type": "error", "reason": "unknown event types", "events": ["violation.towed", "parade.*", ".*", "*.created"]}),
    ('{"action": "subscribe", "domains": []}', {"type": "error", "reason": p.DOMAINS_NOT_LIST}),
    ('{"action": "subscribe", "domains": ["parking", "airport"]}',
     {"type": "error", "reason": "unknown domains", "domains": ["airport"],
      "known": ["parking", "permits", "noise", "safety", "utilities", "transportation", "zoning", "environmental"]}),
    ('{"action": "subscribe", "since": -1}', {"type": "error", "reason": p.SINCE_NOT_ID}),
    ('{"action": "subscribe", "since": 1.5}', {"type": "error", "reason": p.SINCE_NOT_ID}),
    ('{"action": "subscribe", "since": true}', {"type": "error", "reason": p.SINCE_NOT_ID}),
    ('{"action": "subscribe", "since": "latest"}', {"type": "error", "reason": p.SINCE_NOT_ID}),
])
def test_invalid_messages(text, error):
    with pytest.raises(p.ProtocolError) as raised:
        p.parse_command(text)
    assert raised.value.payload == error


def test_subscription_matches_patterns_within_its_domains():
    subscription = p.Subscription(domains=frozenset({"parking", "permits"}))
    subscription.apply(p.Subscribe(events=("violation.*", "permit.submitted"), domains=None, since=None))
    assert subscription.matches("violation.paid", "parking")
    assert subscription.matches("permit.submitted", "permits")
    assert not subscription.matches("permit.status_changed", "permits")
    assert not subscription.matches("complaint.filed", "noise")
    subscription.apply(p.Subscribe(events=("*",), domains=("*",), since=None))
    assert subscription.matches("complaint.filed", "noise")
    assert subscription.describe() == {"events": ["*", "permit.submitted", "violation.*"], "domains": None}


def test_unsubscribing_a_pattern_not_subscribed_changes_nothing():
    subscription = p.Subscription(patterns={"violation.*"})
    with pytest.raises(p.ProtocolError) as raised:
        subscription.remove(p.Unsubscribe(events=("violation.*", "permit.*")))
    assert raised.value.payload == {"type": "error", "reason": "not subscribed to these event types",
                                    "events": ["permit.*"], "subscribed": ["violation.*"]}
    assert subscription.patterns == {"violation.*"}
    assert subscription.remove(p.Unsubscribe(events=None)) == ["violation.*"]
    assert subscription.patterns == set()


@pytest.mark.parametrize("message, api_key", [
    ({"action": "subscribe", "api_key": " cmk_abc "}, "cmk_abc"),
    ({"action": "subscribe", "api_key": None}, None),
    ({"action": "subscribe"}, None),
])
def test_the_api_key_in_a_subscribe(message, api_key):
    assert p.parse_command(json.dumps(message)).api_key == api_key


@pytest.mark.parametrize("value", ["", "  ", 42, ["cmk_a"], True])
def test_an_api_key_that_is_not_a_string_names_the_argument(value):
    with pytest.raises(p.ProtocolError) as error:
        p.parse_command(json.dumps({"action": "subscribe", "api_key": value}))
    assert error.value.payload == {"type": "error", "reason": '"api_key" must be an API key (a non-empty string)'}


def test_the_key_never_shows_in_a_commands_repr():
    assert "cmk_secret" not in repr(p.parse_command('{"action": "subscribe", "api_key": "cmk_secret"}'))


@pytest.mark.parametrize("text", [
    '{"action": "\\ud800"}', '{"action": "subscribe", "events": ["\\udc00x"]}', '{"\\udbff": 1, "action": "ping"}',
    '{"action": "subscribe", "since": 1, "api_key": "\\ud800"}',
])
def test_a_lone_surrogate_is_a_malformed_message(text):
    with pytest.raises(p.ProtocolError) as error:
        p.parse_command(text)
    reason = "malformed message: a string holds a lone surrogate (\\ud800-\\udfff); send valid Unicode"
    assert error.value.payload == {"type": "error", "reason": reason}
    json.dumps(error.value.payload, ensure_ascii=False).encode("utf-8")  # the answer itself can be sent


def test_a_surrogate_pair_is_fine():
    assert p.parse_command('{"action": "ping", "note": "\\ud83d\\ude00"}') == p.Ping()
