"""Issue 12: sanitation lists — weekday names, not 0-6; fees as money."""
import re

from apps.environmental.models import CollectionArea


def test_collection_areas_list_their_bulk_day_by_name(demo_city, admin_client):
    page = admin_client.get("/admin/environmental/collectionarea/").content.decode()
    days = re.findall(r'<td class="field-bulk_weekday_display">(\w+)</td>', page)
    assert days and set(days) <= {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
    assert "Bulk pickup day" in page


def test_the_area_page_edits_days_as_names(demo_city, admin_client):
    area = CollectionArea.objects.first()
    page = admin_client.get(f"/admin/environmental/collectionarea/{area.pk}/change/").content.decode()
    assert re.search(r'<select name="bulk_weekday"[^>]*>\s*<option value="0"[^>]*>Monday</option>', page)
    assert re.search(r'<select name="schedules-0-weekday"[^>]*>\s*<option value="0"[^>]*>Monday</option>', page)
    assert ">Saturday<" not in page  # collections run Monday to Friday


def test_saving_an_area_keeps_the_day_a_number(demo_city, admin_client):
    area = CollectionArea.objects.get(code="DT")
    page = admin_client.get(f"/admin/environmental/collectionarea/{area.pk}/change/")
    form = page.context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(bulk_weekday="2")
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{formset.formset.prefix}-{name}"] = management.initial.get(name, field.initial)
        for i, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form.initial.get(name, inline_form[name].value())
                if value is not None and value is not False:
                    data[f"{formset.formset.prefix}-{i}-{name}"] = getattr(value, "pk", value)
    response = admin_client.post(f"/admin/environmental/collectionarea/{area.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    area.refresh_from_db()
    assert area.bulk_weekday == 2


def test_bulk_pickup_fees_read_as_money(demo_city, admin_client):
    page = admin_client.get("/admin/environmental/bulkpickup/").content.decode()
    assert re.findall(r'<td class="field-fee_display">\$\d+\.\d\d</td>', page)
