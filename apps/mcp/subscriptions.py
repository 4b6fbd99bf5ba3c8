"""Subscribing to resources, in both eras: resources/subscribe and subscriptions/listen.

Handshake era: `resources/subscribe` / `resources/unsubscribe` need a session (HTTP, after
`initialize`), and the subscription is a row (apps.mcp.sessions) the session's GET stream
is fed from, whichever process holds it.

2026-07-28: `subscriptions/listen` is one long request whose response stream is the
subscription; nothing is kept once it closes. The acknowledgment names the part of the
filter honored: resource URIs the caller can read here, and resourcesListChanged. Tools
and prompts never change while a server runs, so those opt-ins are left out of it.

Access is the reader's: a CivicMind URI is subscribed to only if resources/read would give
it to this caller (the same not-found answer otherwise, so nothing is learnt about records
one cannot read). A URI of another scheme names nothing here; the handshake era accepts it
(the specification lets a server keep such a subscription, and the official conformance
suite subscribes to `test://watched-resource`) and it is never notified; a 2026-07-28
acknowledgment leaves it out.
"""
import re

from apps.mcp import protocol as p
from apps.mcp.call import Call
from apps.mcp.offerings import read_resource_checked
from apps.mcp.push import SUBSCRIPTION_ACKNOWLEDGED, NotificationStream, notification
from apps.mcp.sessions import (
    MAX_SUBSCRIPTIONS_PER_SESSION,
    TooManySubscriptions,
    subscription_add,
    subscription_remove,
)
from apps.mcp.unavailable import run_with_deadline
from apps.mcp.watches import watch_key_for_uri
from apps.core.workers import run_sync

OUR_SCHEME = "civicmind://"
MAX_URI_LENGTH = 1000
_URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f]*$")
LISTEN_FLAGS = ("toolsListChanged", "promptsListChanged", "resourcesListChanged")


def _uri_argument(value, method: str, argument: str = "uri") -> str:
    if not isinstance(value, str) or not value:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"{method} needs params.{argument}, a resource URI as "
                             "resources/list or a template gives it.", {"argument": argument})
    if len(value) > MAX_URI_LENGTH or not _URI_RE.match(value):
        raise p.JsonRpcError(p.INVALID_PARAMS, f"params.{argument} must hold absolute URIs (scheme:...) of at "
                             f"most {MAX_URI_LENGTH} characters without spaces.", {"argument": argument})
    return value


def _watch_key(uri: str, call: Call) -> str:
    """The URI's watch key ("" if nothing here changes it); raises not-found if the caller can't read it."""
    if not uri.startswith(OUR_SCHEME):
        return ""
    read_resource_checked(uri, call)
    return watch_key_for_uri(call.registry, call.domain, uri) or ""


def _session_of(call: Call, method: str) -> str:
    if call.session_id is None:
        how = ("initialize over HTTP and send its Mcp-Session-Id header"
               if call.transport == "http" else "connect over HTTP (stdio has no subscriptions)")
        raise p.JsonRpcError(p.INVALID_REQUEST, f"{method} belongs to a session: {how}; notifications arrive on "
                             "the session's GET stream.", {"method": method})
    return call.session_id


async def resources_subscribe(params: dict, call: Call) -> dict:
    uri = _uri_argument(params.get("uri"), "resources/subscribe")
    session_id = _session_of(call, "resources/subscribe")
    key = await run_with_deadline(_watch_key, uri, call)
    try:
        await run_sync(subscription_add, session_id=session_id, uri=uri, watch_key=key)
    except TooManySubscriptions:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"A session holds at most {MAX_SUBSCRIPTIONS_PER_SESSION} "
                             "subscriptions; unsubscribe from one first.", {"argument": "uri"}) from None
    return {}


async def resources_unsubscribe(params: dict, call: Call) -> dict:
    uri = _uri_argument(params.get("uri"), "resources/unsubscribe")
    session_id = _session_of(call, "resources/unsubscribe")
    await run_sync(subscription_remove, session_id=session_id, uri=uri)
    return {}


# --- 2026-07-28 ------------------------------------------------------------------------

def _listen_filter(params: dict) -> tuple[dict, list[str]]:
    """Check the requested filter's shape; return it and its URIs (-32602 naming what is wrong)."""
    wanted = params.get("notifications")
    if not isinstance(wanted, dict):
        raise p.JsonRpcError(p.INVALID_PARAMS, "subscriptions/listen needs params.notifications, an object such "
                             'as {"resourceSubscriptions": ["civicmind://..."], "resourcesListChanged": true}.',
                             {"argument": "notifications"})
    for flag in LISTEN_FLAGS:
        if flag in wanted and not isinstance(wanted[flag], bool):
            raise p.JsonRpcError(p.INVALID_PARAMS, f"notifications.{flag} must be true or false.",
                                 {"argument": f"notifications.{flag}"})
    uris = wanted.get("resourceSubscriptions", [])
    if not isinstance(uris, list) or not all(isinstance(uri, str) for uri in uris):
        raise p.JsonRpcError(p.INVALID_PARAMS, "notifications.resourceSubscriptions must be a list of resource "
                             "URIs.", {"argument": "notifications.resourceSubscriptions"})
    if len(uris) > MAX_SUBSCRIPTIONS_PER_SESSION:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"A stream follows at most {MAX_SUBSCRIPTIONS_PER_SESSION} "
                             "resources; open another for the rest.",
                             {"argument": "notifications.resourceSubscriptions"})
    for uri in uris:
        _uri_argument(uri, "subscriptions/listen", "notifications.resourceSubscriptions")
    return wanted, uris


def _honored_uris(uris: list[str], call: Call) -> dict[str, list[str]]:
    """watch key -> URIs, for the URIs this caller may follow here (the others are left out)."""
    honored: dict[str, list[str]] = {}
    for uri in dict.fromkeys(uris):
        if not uri.startswith(OUR_SCHEME):
            continue
        try:
            key = _watch_key(uri, call)
        except p.JsonRpcError:
            continue
        honored.setdefault(key or f"static:{uri}", []).append(uri)
    return honored


async def listen_open(request_id, params: dict, call: Call) -> tuple[NotificationStream, dict]:
    """Open a subscriptions/listen stream: the stream and its acknowledgment (raises -32602)."""
    wanted, uris = _listen_filter(params)
    uris_by_key = await run_with_deadline(_honored_uris, uris, call) if uris else {}
    honored = {}
    if wanted.get("resourcesListChanged") is True:
        honored["resourcesListChanged"] = True
    followed = [uri for group in uris_by_key.values() for uri in group]
    if followed:
        honored["resourceSubscriptions"] = followed
    stream = NotificationStream(domain=call.domain, listen_id=request_id, uris_by_key=uris_by_key,
                                list_changed=honored.get("resourcesListChanged", False))
    return stream, notification(SUBSCRIPTION_ACKNOWLEDGED, {"notifications": honored})


def listen_closed(request_id) -> dict:
    """The response that ends a listen gracefully (the server is stopping)."""
    return p.result_response(request_id, {"resultType": p.RESULT_COMPLETE,
                                          "_meta": {"io.modelcontextprotocol/subscriptionId": request_id}})
