"""Read permit applications: one application with everything a status answer shows."""
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from apps.core import references
from apps.core.errors import ServiceError
from apps.core.money import CURRENCY, to_money
from apps.core.wording import days_overdue
from apps.permits import workflow
from apps.permits.errors import APPLICATION_NOT_FOUND_MESSAGE, PermitErrorCode
from apps.permits.models import Inspection, InspectionType, PermitApplication, PermitType
from apps.permits.rules import Project, applicable, normalize_term
from apps.permits.locks import NUMBERED
from apps.permits.selectors.analysis import open_questions
from apps.permits.selectors.progress import fees_overdue_days, inspection_when, next_step, review_target


def normalize_reference(reference: str) -> str:
    """Return the stored form of a typed reference (upper case, number padded): apps/core/references."""
    return references.reference_normalize(reference, NUMBERED)


def permit_application_get(*, reference: str) -> PermitApplication:
    """Return an application with its timeline, fees, documents and inspections fetched."""
    key = normalize_reference(reference)
    application = (
        PermitApplication.objects.select_related("permit_type")
        .prefetch_related(
            "timeline",
            "fees",
            "documents__required_document",
            Prefetch("inspections", queryset=Inspection.objects.select_related("inspection_type", "inspector")),
            "permit_type__required_documents",
            "permit_type__inspection_types",
        )
        .filter(reference=key)
        .first()
    )
    if application is None:
        raise ServiceError(PermitErrorCode.APPLICATION_NOT_FOUND,
                           APPLICATION_NOT_FOUND_MESSAGE.format(reference=key), field="reference")
    return application


def permit_application_get_by_key(*, idempotency_key: str) -> PermitApplication | None:
    """Return the application a submit_application call with this idempotency key filed, if any."""
    return PermitApplication.objects.filter(idempotency_key=idempotency_key).first()


def application_project(application: PermitApplication) -> Project:
    """The project as stored: area, valuation and description decide which rows apply."""
    return Project(area_sqft=application.area_sqft, valuation=application.valuation,
                   description=application.description, serves_alcohol=application.serves_alcohol)


def permit_application_missing_documents(application: PermitApplication, *, satisfied: set | None = None) -> list:
    """Return the mandatory documents that apply to the application and are not on file."""
    permit_type = application.permit_type
    required = applicable(permit_type.required_documents.all(), application_project(application),
                          permit_type.area_threshold_sqft)
    if satisfied is None:
        satisfied = {doc.required_document_id for doc in application.documents.all()}
    return [doc for doc in required if doc.mandatory and doc.pk not in satisfied]


def remaining_inspections(application: PermitApplication) -> list[InspectionType]:
    """Return the required inspection types that have not passed yet."""
    passed = {i.inspection_type_id for i in application.inspections.all() if i.status == Inspection.Status.PASSED}
    return [kind for kind in application.permit_type.inspection_types.all() if kind.required and kind.pk not in passed]


def _fees(application: PermitApplication, *, today) -> dict:
    fees = list(application.fees.all())
    total = sum((fee.amount for fee in fees), Decimal("0"))
    paid = sum((fee.amount for fee in fees if fee.paid_at), Decimal("0"))
    return {
        "items": [{"label": fee.label, "kind": fee.kind, "amount": fee.amount, "note": fee.note,
                   "paid": fee.paid_at is not None} for fee in fees],
        "total": to_money(total),
        "paid": to_money(paid),
        "outstanding": to_money(total - paid),
        "currency": CURRENCY,
        "due_on": application.fees_due_on,
        "days_overdue": fees_overdue_days(application, total - paid, today=today),
    }


def permit_application_report(application: PermitApplication) -> dict:
    """Return an application as the status answer shows it: timeline, fees, documents, inspections."""
    permit_type: PermitType = application.permit_type
    today = timezone.localdate()
    missing = permit_application_missing_documents(application)
    fees = _fees(application, today=today)
    remaining = remaining_inspections(application)
    review_due = review_target(application)
    return {
        "reference": application.reference,
        "permit_type": permit_type.code,
        "permit_type_name": permit_type.name,
        "icon": permit_type.icon,
        "status": application.status,
        "status_label": workflow.label(application.status),
        "is_complete": application.is_complete,
        "applicant": application.applicant,
        "notify_email": application.notify_email or None,
        "property_address": application.property_address,
        "zone": application.zone or None,
        "description": application.description,
        "estimated_cost": application.valuation,
        "area_sqft": application.area_sqft,
        "submitted_at": application.submitted_at,
        "status_changed_at": application.status_changed_at,
        "valid_until": application.valid_until,
        "timeline": [
            {"status": entry.status, "status_label": workflow.label(entry.status), "at": entry.created_at,
             "note": entry.note}
            for entry in application.timeline.all()
        ],
        "documents": [
            {"filename": doc.filename, "content_type": doc.content_type, "size": doc.size,
             "document_type": doc.required_document.code if doc.required_document else None,
             "uploaded_at": doc.uploaded_at}
            for doc in application.documents.all()
        ],
        "missing_documents": [{"code": doc.code, "name": doc.name, "icon": doc.icon, "mandatory": doc.mandatory}
                              for doc in missing],
        "fees": fees,
        "review_due_on": review_due,
        "review_days_overdue": days_overdue(review_due, today=today),
        "open_questions": open_questions(permit_type, application_project(application)),
        "inspections": [
            {"inspection_type": i.inspection_type.code, "name": i.inspection_type.name,
             "scheduled_for": i.scheduled_for, "status": i.status, "inspector": i.inspector.name,
             "result_note": i.result_note, "when": inspection_when(i, today=today)}
            for i in application.inspections.all()
        ],
        "remaining_inspections": [{"code": kind.code, "name": kind.name, "timing": kind.timing}
                                  for kind in remaining],
        "next_statuses": list(workflow.allowed_next(application.status)),
        "next_step": next_step(application, missing=missing, fees=fees, remaining=remaining, today=today),
        "currency": CURRENCY,
    }


def permit_application_status_summary(application: PermitApplication, *, old_status: str, note: str) -> dict:
    """Return the answer to a status change: from, to, when, and what may follow."""
    return {
        "reference": application.reference,
        "permit_type": application.permit_type.code,
        "old_status": old_status,
        "old_status_label": workflow.label(old_status),
        "status": application.status,
        "status_label": workflow.label(application.status),
        "note": note,
        "changed_at": application.status_changed_at,
        "valid_until": application.valid_until,
        "next_statuses": list(workflow.allowed_next(application.status)),
    }


def inspection_type_codes(*, reference: str | None = None, permit_type: str | None = None,
                          prefix: str = "") -> list[str]:
    """Return inspection type codes for completion: of one application's or permit type's type, else all."""
    kinds = InspectionType.objects.filter(permit_type__is_active=True)
    if reference:
        kinds = kinds.filter(permit_type__applications__reference=normalize_reference(reference))
    elif permit_type:
        kinds = kinds.filter(permit_type__code=normalize_term(permit_type))
    codes = sorted(set(kinds.values_list("code", flat=True)))
    key = normalize_term(prefix)
    return [code for code in codes if code.startswith(key)] if key else codes


def inspection_booking_report(booking) -> dict:
    """Return the answer to a booking: which inspection, when, with whom."""
    inspection = booking.inspection
    application = inspection.application
    return {
        "reference": application.reference,
        "permit_type": application.permit_type.code,
        "permit_type_name": application.permit_type.name,
        "application_status": application.status,
        "inspection_type": inspection.inspection_type.code,
        "inspection_name": inspection.inspection_type.name,
        "status": inspection.status,
        "scheduled_for": inspection.scheduled_for,
        "inspector": inspection.inspector.name,
        "already_scheduled": not booking.created,
        "preferred_date": booking.preferred_date,
    }
