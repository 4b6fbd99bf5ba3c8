"""Who left an email on the record an event is about: one reader per kind of record.

Contact fields are free text (a phone number, a name, an email); only a value that is an
email as a whole is used, normalised to lower case so one person is one recipient.
"""
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from apps.environmental.models import EnvironmentalReport
from apps.noise.models import Complaint
from apps.permits.models import PermitApplication
from apps.safety.models import Incident
from apps.transportation.models import RoadIssueReport
from apps.utilities.models import OutageReport, ServiceRequest
from apps.zoning.models import Variance


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


FIRST_REPORTED = ("reported_at", "id")


def _emails_on(records, field: str = "contact", order: tuple[str, ...] = ("pk",)) -> list[str]:
    return emails_in(records.order_by(*order).values_list(field, flat=True))


def permit_application_emails(reference: str) -> list[str]:
    """The email the applicant opted in with at filing (submit_application's notify_email)."""
    return _emails_on(PermitApplication.objects.filter(reference=reference), "notify_email")


def complaint_emails(case_number: str) -> list[str]:
    """The complaint's reporter_contact, when it is an email."""
    return _emails_on(Complaint.objects.filter(case_number=case_number), "reporter_contact")


def outage_emails(outage_id: str) -> list[str]:
    """Every report's contact that is an email: everyone who reported the outage."""
    return _emails_on(OutageReport.objects.filter(outage__outage_id=outage_id), order=FIRST_REPORTED)


def road_issue_emails(reference: str) -> list[str]:
    """Every report's contact that is an email: everyone who reported the issue (reports merge into one)."""
    return _emails_on(RoadIssueReport.objects.filter(issue__reference=reference), order=FIRST_REPORTED)


def environmental_report_emails(reference: str) -> list[str]:
    """The filer's contact, when it is an email."""
    return _emails_on(EnvironmentalReport.objects.filter(reference=reference))


def variance_emails(reference: str) -> list[str]:
    """The applicant's contact, when it is an email."""
    return _emails_on(Variance.objects.filter(reference=reference))


def service_request_emails(reference: str) -> list[str]:
    """The requester's contact, when it is an email."""
    return _emails_on(ServiceRequest.objects.filter(reference=reference))


def incident_emails(reference: str) -> list[str]:
    """The caller's contact, when it is an email."""
    return _emails_on(Incident.objects.filter(reference=reference))
