"""The /events message protocol: parse what a client sends, describe what it subscribed to.

Client messages are JSON objects with an "action" ("type" is accepted as a synonym):
subscribe (events, domains, since, api_key), unsubscribe (events) and ping. Anything else is answered
with {"type": "error", "reason": ...}; the texts are constants so tests and clients can rely
on them. docs/events.md is the reference.
"""
import json
from dataclasses import dataclass, field

from apps.events.catalogue import is_valid_pattern, matches
from civicmind.domains import DOMAINS

ALL = "*"

MALFORMED_JSON = "malformed message: expected a JSON object"
MALFORMED_UNICODE = "malformed message: a string holds a lone surrogate (\\ud800-\\udfff); send valid Unicode"
MALFORMED_OBJECT = "malformed message: expected a JSON object, not {kind}"
BINARY_FRAME = "malformed message: binary frames are not supported; send JSON text"
TOO_LARGE = "malformed message: larger than {limit} bytes"
MISSING_ACTION = 'malformed message: "action" is required (subscribe, unsubscribe or ping)'
CONFLICTING_ACTION = 'malformed message: "action" and "type" disagree'
UNKNOWN_ACTION = "unknown action {action!r}: expected subscribe, unsubscribe or ping"
EVENTS_NOT_LIST = '"events" must be a non-empty list of event types or patterns ("permit.*", "*")'
UNKNOWN_EVENT_TYPES = "unknown event types"
DOMAINS_NOT_LIST = '"domains" must be a non-empty list of domain names (or ["*"])'
UNKNOWN_DOMAINS = "unknown domains"
SINCE_NOT_ID = '"since" must be an event id (an integer, 0 or more)'
SINCE_NOT_FIRST = '"since" is only accepted on the first subscribe of a connection; reconnect to replay'
NOT_SUBSCRIBED = "not subscribed to these event types"
API_KEY_NOT_STRING = '"api_key" must be an API key (a non-empty string)'
API_KEY_NOT_FIRST = '"api_key" is only accepted on the first subscribe of a connection; reconnect to change keys'
DOMAINS_NOT_COVERED = "your API key does not cover these domains"
TOO_MANY_MESSAGES = "too many messages: at most {rate} a second (bursts of {burst}); slow down"
TOO_MANY_MESSAGES_CLOSING = "too many messages: closing the connection"
UNKNOWN_DOMAIN_PATH = "unknown domain {domain!r} in the path"
SLOW_CONSUMER = "slow consumer"


class ProtocolError(Exception):
    """A client message we cannot act on; `payload` is the error message to send."""

    def __init__(self, reason: str, **details):
        super().__init__(reason)
        self.payload = {"type": "error", "reason": reason, **details}


@dataclass(frozen=True)
class Subscribe:
    events: tuple[str, ...]
    domains: tuple[str, ...] | None  # None: not given, keep the connection's filter
    since: int | None
    api_key: str | None = field(default=None, repr=False)  # never in logs


@dataclass(frozen=True)
class Unsubscribe:
    events: tuple[str, ...] | None  # None: every pattern


@dataclass(frozen=True)
class Ping:
    pass


def parse_command(text: str) -> Subscribe | Unsubscribe | Ping:
    """Turn one text frame into a command, or raise ProtocolError saying what is wrong."""
    try:
        message = json.loads(text)
    except ValueError:
        raise ProtocolError(MALFORMED_JSON) from None
    if not isinstance(message, dict):
        raise ProtocolError(MALFORMED_OBJECT.format(kind=_json_kind(message)))
    if _has_lone_surrogate(message):
        # "\ud800" is valid JSON but not Unicode: echoing it back (in "unknown action ...")
        # could not be encoded as a text frame, so refuse it here, where it is named.
        raise ProtocolError(MALFORMED_UNICODE)
    action = message.get("action")
    synonym = message.get("type")
    if action is not None and synonym is not None and action != synonym:
        raise ProtocolError(CONFLICTING_ACTION)
    action = action if action is not None else synonym
    if action is None:
        raise ProtocolError(MISSING_ACTION)
    if action == "subscribe":
        return Subscribe(events=_events(message, default=(ALL,)), domains=_domains(message),
                         since=_since(message), api_key=_api_key(message))
    if action == "unsubscribe":
        return Unsubscribe(events=_events(message, default=None, check_known=False))
    if action == "ping":
        return Ping()
    raise ProtocolError(UNKNOWN_ACTION.format(action=action))


def _has_lone_surrogate(message: dict) -> bool:
    try:
        json.dumps(message, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _json_kind(value) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


def _events(message: dict, *, default, check_known: bool = True):
    if "events" not in message:
        return default
    events = message["events"]
    if isinstance(events, str):
        events = [events]  # a lone pattern is what the client meant
    if not isinstance(events, list) or not events or not all(isinstance(e, str) and e for e in events):
        raise ProtocolError(EVENTS_NOT_LIST)
    if check_known:
        unknown = [e for e in events if not is_valid_pattern(e)]
        if unknown:
            raise ProtocolError(UNKNOWN_EVENT_TYPES, events=unknown)
    return tuple(dict.fromkeys(events))


def _domains(message: dict) -> tuple[str, ...] | None:
    if "domains" not in message or message["domains"] is None:
        return None
    domains = message["domains"]
    if isinstance(domains, str):
        domains = [domains]
    if not isinstance(domains, list) or not domains or not all(isinstance(d, str) for d in domains):
        raise ProtocolError(DOMAINS_NOT_LIST)
    unknown = [d for d in domains if d not in DOMAINS and d not in (ALL, "all")]
    if unknown:
        raise ProtocolError(UNKNOWN_DOMAINS, domains=unknown, known=list(DOMAINS))
    if ALL in domains or "all" in domains:
        return (ALL,)
    return tuple(dict.fromkeys(domains))


def _since(message: dict) -> int | None:
    since = message.get("since")
    if since is None:
        return None
    if isinstance(since, str) and since.isdigit():
        since = int(since)  # Last-Event-ID style clients keep ids as strings
    if isinstance(since, bool) or not isinstance(since, int) or since < 0:
        raise ProtocolError(SINCE_NOT_ID)
    return since


def _api_key(message: dict) -> str | None:
    if "api_key" not in message or message["api_key"] is None:
        return None
    key = message["api_key"]
    if not isinstance(key, str) or not key.strip():
        raise ProtocolError(API_KEY_NOT_STRING)
    return key.strip()


@dataclass
class Subscription:
    """What one connection wants: event patterns, and the domains they may come from."""

    patterns: set[str] = field(default_factory=set)
    domains: frozenset[str] | None = None  # None: every domain

    def matches(self, event_type: str, domain: str) -> bool:
        if self.domains is not None and domain not in self.domains:
            return False
        return any(matches(pattern, event_type) for pattern in self.patterns)

    def apply(self, command: Subscribe) -> None:
        self.patterns.update(command.events)
        if command.domains is not None:
            self.domains = None if command.domains == (ALL,) else frozenset(command.domains)

    def remove(self, command: Unsubscribe) -> list[str]:
        """Drop patterns; raise (changing nothing) if one named is not subscribed."""
        if command.events is None:
            removed = sorted(self.patterns)
            self.patterns.clear()
            return removed
        missing = [e for e in command.events if e not in self.patterns]
        if missing:
            raise ProtocolError(NOT_SUBSCRIBED, events=missing, subscribed=sorted(self.patterns))
        self.patterns.difference_update(command.events)
        return list(command.events)

    def describe(self) -> dict:
        return {"events": sorted(self.patterns),
                "domains": None if self.domains is None else sorted(self.domains)}
