"""Issue 12: the permit desk — search by applicant and address, fees as money, file sizes with units."""
import re

import pytest

from apps.permits.models import AssessedFee, PermitApplication, PermitDocument

CHANGELIST = "/admin/permits/permitapplication/"


def found(client, term) -> set[str]:
    response = client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    return {a.reference for a in response.context["cl"].result_list}


@pytest.mark.parametrize("term", ["Jane Doe", "jane", "DOE"])
def test_search_finds_applications_by_applicant(demo_city, admin_client, term):
    expected = set(PermitApplication.objects.filter(applicant="Jane Doe").values_list("reference", flat=True))
    assert expected and found(admin_client, term) >= expected


@pytest.mark.parametrize("term", ["123 Oak St", "123 oak street", "123 Oak Street"])
def test_search_finds_applications_by_address_as_typed(demo_city, admin_client, term):
    expected = set(PermitApplication.objects.filter(property_address="123 Oak St")
                   .values_list("reference", flat=True))
    assert expected and found(admin_client, term) == expected


def test_fees_read_as_money_and_documents_have_sizes_with_units(demo_city, admin_client):
    document = PermitDocument.objects.select_related("application").first()
    fee = AssessedFee.objects.filter(application=document.application).first()
    page = admin_client.get(f"/admin/permits/permitapplication/{document.application.pk}/change/").content.decode()
    if fee:
        assert f"${fee.amount:,.2f}" in page
    assert re.search(r'<td class="field-size_display">\s*<p>[\d.,]+\xa0(bytes|KB|MB)</p>', page)
