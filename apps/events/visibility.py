"""Who sees what on /events: the public form of an event, or the staff form (all of it).

The same three views as every other surface (DESIGN.md, "Who sees what"), decided here
once for every socket:

- staff: an API key whose level is staff; a key reaches only the domains it is scoped to,
  so within what it receives it is staff everywhere;
- everyone else (anonymous, resident keys): the public form, the event's `data` cut down
  to the fields its catalogue entry declares `public`. A field nobody declared (one a
  domain added later, say) is left out: private until declared.

There is no owner view on a stream: nothing on a socket proves who a record is about.
"""
from apps.accounts.principals import Principal
from apps.events.catalogue import EVENT_TYPES
from apps.mcp.registry import Access

PUBLIC = "public"
STAFF = "staff"


def event_view(principal: Principal | None) -> str:
    """Return the form of events `principal` receives: STAFF or PUBLIC."""
    if principal is not None and principal.key_id is not None and principal.level >= Access.STAFF:
        return STAFF
    return PUBLIC


def event_domains(principal: Principal | None) -> frozenset[str] | None:
    """Return the domains whose events `principal` may receive (None: every domain).

    A key scoped to some domains hears of those only, even on the all-domains listener,
    whatever its level; anonymous callers and unscoped keys may follow every domain.
    """
    if principal is None or principal.key_id is None or not principal.domains:
        return None
    return frozenset(principal.domains)


def public_data(event_type: str, data: dict) -> dict:
    """Return the fields of `data` that the catalogue declares public for `event_type`."""
    declared = EVENT_TYPES.get(event_type)
    public = declared.public if declared is not None else ()
    return {name: data[name] for name in public if name in data}


def public_message(message: dict) -> dict:
    """Return the public form of a wire message: the same envelope, public data only."""
    return {**message, "data": public_data(message["type"], message.get("data") or {})}
