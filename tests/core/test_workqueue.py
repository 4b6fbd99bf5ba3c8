"""Issue 12: the admin index's work queue — counts per domain that match their filtered lists."""
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from apps.core.workqueue import work_queue_for

LINE = re.compile(r'<tr class="work-queue-line[^"]*">\s*<td><a href="(?P<url>[^"]+)">(?P<label>[^<]+)</a></td>\s*'
                  r'<td class="count" data-count="(?P<count>\d+)">', re.S)

EXPECTED_LABELS = [
    "Citations awaiting review",
    "Applications waiting for review",
    "Applications waiting for corrections",
    "Complaints unassigned",
    "Open incidents",
    "Active outages",
    "Service requests past their response date",
    "Road issues past their response date",
    "Variances with a hearing this month",
    "Bulk pickups tomorrow",
    "Bulk pickups past their date, not closed",
    "Reports past their response date",
]


def queue_lines(client) -> list[dict]:
    page = client.get("/admin/").content.decode()
    return [{**m.groupdict(), "url": unescape(m["url"])} for m in LINE.finditer(page)]


def test_every_queue_count_equals_the_rows_of_the_list_it_links_to(demo_city, admin_client):
    lines = queue_lines(admin_client)
    assert [line["label"] for line in lines] == EXPECTED_LABELS
    assert sum(int(line["count"]) for line in lines) > 0  # the demo city has work to do
    for line in lines:
        response = admin_client.get(line["url"])
        assert response.status_code == 200, line
        assert "e=1" not in response.get("Location", ""), line
        changelist = response.context["cl"]
        assert changelist.result_count == int(line["count"]), line


@pytest.mark.django_db
def test_staff_see_only_the_lines_of_the_lists_they_may_view(django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_complaint"))
    client = Client()
    client.force_login(clerk)
    assert [line["label"] for line in queue_lines(client)] == ["Complaints unassigned"]


@pytest.mark.django_db
def test_the_queue_is_empty_for_a_user_with_no_permissions(rf, django_user_model):
    request = rf.get("/admin/")
    request.user = django_user_model.objects.create_user("nobody", password="x" * 20, is_staff=True)
    assert work_queue_for(request) == []
