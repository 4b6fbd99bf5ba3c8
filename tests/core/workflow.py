"""Shared harness of the admin-workflow tests (issue 12): staff tool calls with a real key,
the workflow URLs, and the admin history a record has.
"""
from types import SimpleNamespace

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.accounts.principals import Principal
from apps.accounts.services import api_key_create
from apps.mcp.calls import run_tool
from apps.mcp.registry import Access, registry


def staff_key(django_user_model, domain: str, username: str = "desk-lead"):
    """A staff API key for `domain`, owned by a fresh user: returns (user, IssuedKey)."""
    owner = django_user_model.objects.create_user(username=username, password="x" * 20)
    return owner, api_key_create(name=f"{domain} desk", owner=owner, domains=[domain], access_level="staff")


def staff_call(domain: str, name: str, arguments: dict, issued):
    """Call a tool in-process as the holder of the staff key `issued` would over HTTP."""
    key = issued.api_key
    principal = Principal(name=key.name, key_id=key.pk, domains=frozenset(key.domains), level=Access.STAFF,
                          prefix=key.prefix)
    call = SimpleNamespace(listener=domain, version="2025-11-25", principal=principal, client_address="127.0.0.1",
                           request_id="test")
    return run_tool(registry.find_tool(domain, name), arguments, call)


def history(obj) -> list[tuple[str, str]]:
    """The record's admin History, oldest first: (username, change message)."""
    rows = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return [(row.user.get_username(), row.get_change_message()) for row in rows.order_by("pk")]


def workflow_url(obj, move: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_workflow", args=[obj.pk, move])


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def press(client, obj, move: str, **data):
    """Press a change-form button (and, with apply=..., submit the form it asks for)."""
    return client.post(workflow_url(obj, move), data, follow=True)


def act(client, model, action: str, objects, **data):
    """Run a change-list action on `objects`."""
    return client.post(changelist_url(model), {"action": action, "_selected_action": [o.pk for o in objects],
                                                **data}, follow=True)


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in response.context["messages"]]


def buttons(client, obj) -> list[str]:
    """The workflow moves offered as buttons on the record's change form."""
    page = client.get(change_url(obj))
    assert page.status_code == 200
    return [button["name"] for button in page.context["workflow_buttons"]]
