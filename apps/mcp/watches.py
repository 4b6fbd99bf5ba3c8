"""Which resources an event changes: the link between the outbox and MCP subscriptions.

A resource or template declares `watch=Watch(...)`: the event types that change it and,
for a template, the event field that fills its one variable. From an event on the stream
this module derives *watch keys* — one per resource it changed — and from a URI a client
subscribes to, the same key. A subscription fires when the two meet, so
`civicmind://permits/applications/prm-2026-42` (as a resident typed it) is told about
`permit.status_changed` of PRM-2026-000042 (as the event stored it).

A key is the fixed resource's URI, or the template with its variable in the stored form
(`civicmind://permits/applications/{reference}#PRM-2026-000042`).
"""
from dataclasses import dataclass
from typing import Callable

from apps.events.catalogue import matches
from civicmind.domains import ALL_DOMAINS


def _stored_form(value: str) -> str:
    return " ".join(str(value).split()).upper()


@dataclass(frozen=True)
class Watch:
    """What changes a resource: `events` (types or "permit.*" patterns).

    For a template: `field` names the event's `data` field holding the variable's value and
    `normalize` turns a typed value into its stored form (the domain's reference reader).
    `creates` are the event types that bring a new resource of the template into being:
    they change the list of resources a client can read (notifications/resources/list_changed).
    """

    events: tuple[str, ...]
    field: str | None = None
    normalize: Callable[[str], str] = _stored_form
    creates: tuple[str, ...] = ()

    def changed_by(self, event_type: str) -> bool:
        return any(matches(pattern, event_type) for pattern in self.events)


@dataclass(frozen=True)
class Changes:
    """What one event changed, for one listener: the watch keys and whether a list grew."""

    keys: frozenset[str]
    list_changed: bool


NO_CHANGES = Changes(frozenset(), False)


def template_key(template, value: str) -> str | None:
    """The key of one resource of `template`; None when `value` cannot be one of its references."""
    try:
        return f"{template.uri_template}#{template.watch.normalize(value)}"
    except ValueError:  # a domain's reader refuses text that is no reference at all
        return None


def watch_key_for_uri(registry, domain: str, uri: str) -> str | None:
    """The key of `uri` if it names a watched resource served on `domain`'s listener, else None."""
    resource = registry.find_resource(domain, uri)
    if resource is not None:
        return resource.uri if resource.watch is not None else None
    for template in registry.templates_for(domain):
        if template.watch is None:
            continue
        variables = template.match(uri)
        if variables is not None and len(variables) == 1:
            return template_key(template, next(iter(variables.values())))
    return None


def changes_of(registry, domain: str, event_type: str, event_domain: str, data: dict) -> Changes:
    """The watch keys `event` changed among the resources served on `domain`'s listener."""
    if domain not in (ALL_DOMAINS, event_domain) and not any(
            domain in t.listeners for t in registry.templates if t.domain == event_domain):
        return NO_CHANGES
    keys, grew = set(), False
    for resource in registry.resources_for(domain):
        if resource.watch is not None and resource.watch.changed_by(event_type):
            keys.add(resource.uri)
    for template in registry.templates_for(domain):
        watch = template.watch
        if watch is None or not watch.changed_by(event_type):
            continue
        value = data.get(watch.field)
        key = template_key(template, str(value)) if value not in (None, "") else None
        if key is not None:
            keys.add(key)
        grew = grew or event_type in watch.creates
    return Changes(frozenset(keys), grew) if keys or grew else NO_CHANGES
