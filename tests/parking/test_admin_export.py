"""Issue 12: CSV export of a filtered change list has the filtered rows and the list's columns."""
import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def export(client, url, selected, *, select_across=False):
    data = {"action": "export_csv", "_selected_action": [obj.pk for obj in selected], "index": 0}
    if select_across:
        data["select_across"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="citations-')
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_select_all_on_a_filtered_list_exports_every_filtered_row_and_nothing_else(admin_client, make_citation):
    reported = [make_citation(status="reported", plate=f"REP{i}") for i in range(3)]
    make_citation(status="issued", plate="ISS1")
    rows = export(admin_client, "/admin/parking/citation/?status__exact=reported", reported[:1], select_across=True)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Citation number", "License plate", "Violation type"]
    assert sorted(row[1] for row in body) == ["REP0", "REP1", "REP2"]
    assert {row[header.index("Status")] for row in body} == {"Reported (awaiting review)"}


def test_export_of_selected_rows_shows_money_and_labels_as_the_list_does(admin_client, make_citation):
    chosen = make_citation(plate="MONEY1", fine="1250.00")
    make_citation(plate="OTHER1")
    header, row = export(admin_client, "/admin/parking/citation/", [chosen])
    assert row[header.index("License plate")] == "MONEY1"
    assert row[header.index("Fine")] == "$1,250.00"
    assert row[header.index("Source")] == "Parking officer"


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_defused(admin_client, make_citation):
    from apps.parking.models import ViolationType

    ViolationType.objects.filter(code="expired_meter").update(description="=HYPERLINK(1)")
    chosen = make_citation(plate="FORM1")
    header, row = export(admin_client, "/admin/parking/citation/", [chosen])
    assert row[header.index("Violation type")] == "'=HYPERLINK(1)"
