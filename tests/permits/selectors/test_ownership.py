"""permit_application_owner_check: the applicant's access code or a permits staff key, nothing else."""
import pytest

from apps.accounts.access_codes import access_code_issue
from apps.accounts.principals import ANONYMOUS, Principal
from apps.core.errors import ServiceError
from apps.mcp.registry import Access
from apps.permits.selectors import permit_application_owner_check
from tests.permits.helpers import submit_deck


def check(application, code, principal=ANONYMOUS):
    permit_application_owner_check(reference=application.reference, access_code=code, principal=principal)


def test_the_applicants_code_passes(deck_type, places, django_assert_num_queries):
    application = submit_deck()
    code = access_code_issue(application)
    with django_assert_num_queries(2):
        check(application, code)
    check(application, f" {code.lower()} ")  # typed loosely, as over the phone


@pytest.mark.parametrize("code", [None, "", "AAAAA-BBBBB"])
def test_a_missing_or_wrong_code_is_one_refusal(deck_type, places, code):
    application = submit_deck()
    access_code_issue(application)
    with pytest.raises(ServiceError) as caught:
        check(application, code)
    assert (caught.value.code, caught.value.field) == ("owner_proof_required", "access_code")
    assert "give access_code" in caught.value.message


def test_permits_staff_need_no_code(deck_type, places, django_assert_num_queries):
    application = submit_deck()
    staff = Principal(name="desk", key_id=7, domains=frozenset({"permits"}), level=Access.STAFF, prefix="cmk_x")
    with django_assert_num_queries(0):
        check(application, None, staff)
    everywhere = Principal(name="all", key_id=8, level=Access.STAFF, prefix="cmk_y")  # an all-domains staff key
    check(application, None, everywhere)


def test_unknown_reference_is_not_found(db):
    with pytest.raises(ServiceError) as caught:
        permit_application_owner_check(reference="prm-2026-999999", access_code="AAAAA-BBBBB", principal=None)
    assert (caught.value.code, caught.value.field) == ("application_not_found", "reference")
