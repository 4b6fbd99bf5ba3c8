"""Who left an email on the record an event is about: one reader per kind of record.

Contact fields are free text (a phone number, a name, an email); only a value that is an
email as a whole is used, normalised to lower case so one person is one recipient.
"""
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from apps.noise.models import Complaint
from apps.permits.models import PermitApplication
from apps.utilities.models import OutageReport


def email_or_none(contact: str) -> str | None:
    """Return `contact` as a normalised email, or None when it is not one."""
    value = (contact or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        return None
    return value.lower()


def emails_in(contacts) -> list[str]:
    """The distinct emails among free-text contacts, in first-seen order."""
    found = [email_or_none(contact) for contact in contacts]
    return list(dict.fromkeys(email for email in found if email))


def permit_application_emails(reference: str) -> list[str]:
    """The email the applicant opted in with at filing (submit_application's notify_email)."""
    return emails_in(PermitApplication.objects.filter(reference=reference).values_list("notify_email", flat=True))


def complaint_emails(case_number: str) -> list[str]:
    """The complaint's reporter_contact, when it is an email."""
    return emails_in(Complaint.objects.filter(case_number=case_number).values_list("reporter_contact", flat=True))


def outage_emails(outage_id: str) -> list[str]:
    """Every report's contact that is an email: everyone who reported the outage."""
    return emails_in(OutageReport.objects.filter(outage__outage_id=outage_id)
                     .order_by("reported_at", "id").values_list("contact", flat=True))
