"""The admin event log: filterable, searchable, and read-only."""
import pytest
from django.urls import reverse

from apps.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    return [
        Event.objects.create(type="violation.created", domain="parking",
                             data={"violation_id": 1, "citation_number": "PV-000001", "license_plate": "ABC123"}),
        Event.objects.create(type="complaint.filed", domain="noise", data={"case_number": "NC-000002"}),
    ]


def test_changelist_shows_identifiers_in_flat_queries(admin_client, events, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "violation_id=1, citation_number=PV-000001, license_plate=ABC123" in text
    assert "case_number=NC-000002" in text


@pytest.mark.parametrize("query, shown", [
    ("?type=complaint.filed", ["complaint.filed"]),
    ("?domain=parking", ["violation.created"]),
    ("?q=PV-000001", ["violation.created"]),
])
def test_filters_and_search(admin_client, events, query, shown):
    response = admin_client.get(reverse("admin:events_event_changelist") + query)
    assert response.status_code == 200
    assert [e.type for e in response.context["cl"].result_list] == shown


def test_the_log_cannot_be_changed(admin_client, events):
    event = events[0]
    assert admin_client.get(reverse("admin:events_event_add")).status_code == 403
    detail = admin_client.get(reverse("admin:events_event_change", args=[event.id]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert "&quot;citation_number&quot;: &quot;PV-000001&quot;" in detail.content.decode()
    response = admin_client.post(reverse("admin:events_event_change", args=[event.id]), {"type": "x"})
    assert response.status_code == 403
    assert admin_client.post(reverse("admin:events_event_delete", args=[event.id]), {"post": "yes"}).status_code == 403
    assert Event.objects.get(id=event.id).type == "violation.created"
    assert Event.objects.count() == 2
