"""Issue 12: the complaints desk — columns that fit, search by location, local times in inline titles."""
import re

import pytest
from django.contrib import admin
from django.utils import timezone

from apps.noise.models import Complaint, ComplaintUpdate

CHANGELIST = "/admin/noise/complaint/"


def test_the_complaint_list_keeps_its_key_columns_and_shows_who_is_assigned(demo_city, admin_client):
    model_admin = admin.site._registry[Complaint]
    assert model_admin.list_display == ("case_number", "noise_type", "location", "status", "filed_at", "assigned_to")
    page = admin_client.get(CHANGELIST).content.decode()
    headers = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)
    assert headers == ["case_number", "noise_type", "location", "status", "filed_at", "assigned_to"]
    assert ">Assigned to</a>" in page


@pytest.mark.parametrize("term", ["123 Oak St", "123 oak street", "Oak"])
def test_search_finds_complaints_by_location(demo_city, admin_client, term):
    expected = set(Complaint.objects.filter(location__name="123 Oak St").values_list("case_number", flat=True))
    assert expected
    response = admin_client.get(CHANGELIST, {"q": term})
    found = {c.case_number for c in response.context["cl"].result_list}
    assert expected <= found
    assert all("oak" in c.location.name.lower() or "oak" in c.reported_location.lower()
               or "oak" in c.description.lower() for c in response.context["cl"].result_list)


def test_inline_titles_show_the_citys_time_and_the_case_number(demo_city, admin_client):
    update = ComplaintUpdate.objects.select_related("complaint").first()
    page = admin_client.get(f"/admin/noise/complaint/{update.complaint_id}/change/").content.decode()
    local = timezone.localtime(update.created_at).strftime("%Y-%m-%d %H:%M")
    assert f"{update.complaint.case_number}: {update.get_status_display()} at {local}" in page
    assert f"{update.complaint_id}: {update.status} at" not in page


def test_enforcement_fines_and_ordinance_fines_read_as_money(demo_city, admin_client):
    page = admin_client.get("/admin/noise/ordinance/").content.decode()
    assert re.search(r'<td class="field-citation_fine_display">\$\d[\d,]*\.\d\d</td>', page)
    page = admin_client.get("/admin/noise/enforcementaction/").content.decode()
    assert re.search(r'<td class="field-fine_display">(\$\d[\d,]*\.\d\d|—)</td>', page)
