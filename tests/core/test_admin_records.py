"""Shared admin shapes: service-filed records, read-only inlines, status moves declared as data."""
from types import SimpleNamespace

import pytest
from django.contrib import admin

from apps.core.admin_records import ReadOnlyInline, TimelineInline
from apps.core.admin_workflow import status_move
from apps.core.status_machine import StatusMachine
from apps.safety.models import Incident
from apps.utilities.models import ServiceRequest


@pytest.fixture
def staff_request(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    return request


def test_a_service_filed_record_is_read_only_with_no_add_and_no_delete(staff_request):
    model_admin = admin.site._registry[Incident]
    # Every stored field is read-only; an admin may add computed lines after them (the incident's response target).
    shown = model_admin.get_readonly_fields(staff_request)
    assert shown[:len(Incident._meta.fields)] == [f.name for f in Incident._meta.fields]
    assert not {name for name in shown[len(Incident._meta.fields):]} & {f.name for f in Incident._meta.fields}
    assert model_admin.has_add_permission(staff_request) is False
    assert model_admin.has_delete_permission(staff_request) is False


def test_a_service_request_keeps_the_delete_permission_it_had(staff_request):
    model_admin = admin.site._registry[ServiceRequest]
    assert model_admin.has_add_permission(staff_request) is False
    assert model_admin.has_delete_permission(staff_request) is True


def test_every_timeline_inline_shows_the_same_read_only_columns(staff_request):
    inlines = [inline(model_admin.model, admin.site) for model_admin in admin.site._registry.values()
               for inline in model_admin.inlines if issubclass(inline, TimelineInline)]
    assert len(inlines) == 7  # issue 15 added bulk pickups' and service requests' timelines
    for inline in inlines:
        assert inline.get_readonly_fields(staff_request) == ("created_at", "status", "note", "actor")
        assert inline.has_add_permission(staff_request) is False
        assert (inline.extra, inline.can_delete) == (0, False)
    assert issubclass(TimelineInline, ReadOnlyInline)


def test_status_move_calls_the_service_by_key_and_offers_the_tables_sources(staff_request):
    calls = []
    machine = StatusMachine(transitions={"open": ("done",), "late": ("done",), "done": ()}, error_code="x")
    move = status_move(machine, "done", "Finish", "{count} finished.", key="case_number", log="Finished",
                       with_note=True, service=lambda **kwargs: calls.append(kwargs))
    assert (move.name, move.label, move.done, move.sources, move.history) == (
        "mark_done", "Finish", "{count} finished.", ("open", "late"), "Finished")
    move.run(staff_request, SimpleNamespace(case_number="NC-1"), {"reason": "Quiet now."})
    assert calls == [{"case_number": "NC-1", "status": "done", "actor": f"staff:{staff_request.user.username}",
                      "note": "Quiet now."}]
    plain = status_move(machine, "done", "Finish", "{count} finished.", service=lambda **kwargs: calls.append(kwargs))
    plain.run(staff_request, SimpleNamespace(reference="R-1"), {})
    assert calls[-1] == {"reference": "R-1", "status": "done", "actor": f"staff:{staff_request.user.username}"}


def test_service_call_passes_the_records_key_the_staff_actor_and_fixed_arguments(staff_request):
    from apps.core.admin_workflow import service_call
    calls = []
    run = service_call(lambda **kwargs: calls.append(kwargs), key="call_sign", status="available")
    assert run(staff_request, SimpleNamespace(call_sign="E1"), {"reason": "ignored"}) is None
    assert calls == [{"call_sign": "E1", "actor": f"staff:{staff_request.user.username}", "status": "available"}]
