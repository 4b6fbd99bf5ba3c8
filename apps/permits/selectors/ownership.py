"""Who may act on a permit application: its applicant (by access code) or permits staff.

References are short and sequential (PRM-2026-000123), so naming one proves nothing. A
write a resident makes on an application (booking an inspection) needs the access code
submit_application returned, or a permits staff key (DESIGN.md "Who sees what").
"""
from apps.accounts.access_codes import access_code_matches
from apps.accounts.viewers import is_staff
from apps.core.errors import ServiceError
from apps.permits.errors import (
    APPLICATION_NOT_FOUND_MESSAGE,
    OWNER_PROOF_REQUIRED_FOR_MESSAGE,
    OWNER_PROOF_REQUIRED_MESSAGE,
    PermitErrorCode,
)
from apps.permits.models import PermitApplication
from apps.permits.selectors.applications import normalize_reference


def permit_application_owner_check(*, reference: str, access_code: str | None, principal,
                                   action: str | None = None) -> None:
    """Refuse unless the caller holds `reference`'s access code or a permits staff key.

    A missing and a wrong code get the same sentence, so the refusal is no oracle for
    guessing codes. An unknown reference is "not found", as track_status already says to
    anyone: which references exist is public.
    """
    if is_staff(principal, "permits"):
        return
    key = normalize_reference(reference)
    application = PermitApplication.objects.filter(reference=key).only("pk").first()
    if application is None:
        raise ServiceError(PermitErrorCode.APPLICATION_NOT_FOUND,
                           APPLICATION_NOT_FOUND_MESSAGE.format(reference=key), field="reference")
    if not access_code_matches(application, access_code):
        message = (OWNER_PROOF_REQUIRED_FOR_MESSAGE.format(action=action, reference=key) if action
                   else OWNER_PROOF_REQUIRED_MESSAGE.format(reference=key))
        raise ServiceError(PermitErrorCode.OWNER_PROOF_REQUIRED, message, field="access_code")
