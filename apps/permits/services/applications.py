"""Writes on permit applications: submit, move along the timeline, record fee payment.

Each function validates everything it can before opening its transaction, then writes the
change, its timeline entry and its event together; an event is never published for a change
that rolled back (apps.events records it in the same transaction).
"""
import calendar
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.idempotency import request_fingerprint
from apps.core.money import format_money
from apps.events.services import event_emit
from apps.permits import workflow
from apps.permits.area import project_area
from apps.permits.documents import DocumentUpload, match_required_document
from apps.permits.errors import (
    ALREADY_IN_STATUS_MESSAGE,
    FEES_OUTSTANDING_MESSAGE,
    FINAL_STATUS_MESSAGE,
    IDEMPOTENCY_KEY_REUSED_MESSAGE,
    INCOMPLETE_APPLICATION_MESSAGE,
    INSPECTIONS_OUTSTANDING_MESSAGE,
    INVALID_TRANSITION_MESSAGE,
    NOTE_REQUIRED_MESSAGE,
    NOTHING_OUTSTANDING_MESSAGE,
    PAYMENT_IN_PROGRESS_MESSAGE,
    PROJECT_DETAIL_MISSING_MESSAGE,
    UNKNOWN_DOCUMENT_TYPE_MESSAGE,
    ZONING_INCOMPATIBLE_MESSAGE,
    PermitErrorCode,
)
from apps.permits.fees import fee_lines, missing_fee_inputs
from apps.permits.locks import REFERENCE_PREFIX, application_lock, reference_allocate
from apps.permits.models import AssessedFee, FeePayment, PermitApplication, PermitDocument, PermitType, TimelineEntry
from apps.permits.rules import ZONE_CLASS_LABELS, Project, zone_class
from apps.permits.selectors.analysis import documents_for
from apps.permits.selectors.applications import (
    application_project,
    normalize_reference,
    permit_application_get_by_key,
    permit_application_missing_documents,
    remaining_inspections,
)
from apps.permits.selectors.properties import PropertyInfo, property_resolve
from apps.permits.selectors.types import allowed_zone_labels, permit_type_get
from apps.permits.text import indefinite

Status = PermitApplication.Status
MISSING_DETAIL = {
    "estimated_cost": "valuation",
    "square_feet": "size (give square_feet or state it in the description)",
}


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` later, clamped to the month's end (Jan 31 + 1 → Feb 28)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _check_zoning(permit_type: PermitType, prop: PropertyInfo) -> None:
    allowed = permit_type.zone_class_list()
    cls = zone_class(prop.zone)
    if allowed and cls is not None and cls not in allowed:
        raise ServiceError(
            PermitErrorCode.ZONING_INCOMPATIBLE,
            ZONING_INCOMPATIBLE_MESSAGE.format(
                address=prop.address, zone=prop.zone, zone_label=ZONE_CLASS_LABELS[cls],
                permit=indefinite(permit_type.name)[0].upper() + indefinite(permit_type.name)[1:],
                allowed=", ".join(allowed_zone_labels(permit_type))),
            field="property_address",
            details={"zone": prop.zone, "allowed_zones": allowed_zone_labels(permit_type)},
        )


def _check_fee_inputs(permit_type: PermitType, project: Project) -> None:
    missing = missing_fee_inputs(list(permit_type.fee_rules.all()), project, permit_type.area_threshold_sqft)
    if missing:
        argument = missing[0]
        raise ServiceError(
            PermitErrorCode.PROJECT_DETAIL_MISSING,
            PROJECT_DETAIL_MISSING_MESSAGE.format(argument=argument, permit=indefinite(permit_type.name),
                                                  what=MISSING_DETAIL[argument]),
            field=argument, details={"missing": missing},
        )


def documents_match(permit_type: PermitType, uploads: Sequence[DocumentUpload], required: list) -> list:
    """Pair each upload with the requirement it satisfies (or None); refuse unknown document types."""
    codes = [doc.code for doc in required]
    pairs, satisfied = [], set()
    for index, upload in enumerate(uploads, start=1):
        if upload.document_type and upload.document_type not in codes:
            raise ServiceError(
                PermitErrorCode.UNKNOWN_DOCUMENT_TYPE,
                UNKNOWN_DOCUMENT_TYPE_MESSAGE.format(index=index, filename=upload.filename, code=upload.document_type,
                                                     permit=indefinite(permit_type.name), valid=", ".join(codes)),
                field="documents", details={"valid_document_types": codes},
            )
        match = match_required_document(upload, required, satisfied)
        if match is not None:
            satisfied.add(match.pk)
        pairs.append((upload, match))
    return pairs


def _submission_note(missing: list) -> str:
    if not missing:
        return "Application received with every required document."
    return "Application received; incomplete — missing: " + "; ".join(doc.name for doc in missing) + "."


def _submission_fingerprint(*, permit_type, property_address, project_description, applicant, estimated_cost,
                            square_feet, documents, serves_alcohol=None, notify_email="") -> str:
    alcohol = {} if serves_alcohol is None else {"alcohol": serves_alcohol}  # older keys keep their digest
    notify = {"notify": notify_email.strip().lower()} if notify_email else {}
    return request_fingerprint({**alcohol, **notify,
        "type": permit_type, "address": property_address.strip(), "description": project_description.strip(),
        "applicant": applicant.strip(), "cost": str(estimated_cost) if estimated_cost is not None else None,
        "sqft": square_feet, "documents": [[d.filename, d.content_type, d.sha256] for d in documents]})


def _submission_replay(previous: PermitApplication, fingerprint: str) -> PermitApplication:
    if previous.request_fingerprint != fingerprint:
        raise ServiceError(PermitErrorCode.IDEMPOTENCY_KEY_REUSED,
                           IDEMPOTENCY_KEY_REUSED_MESSAGE.format(reference=previous.reference),
                           field="idempotency_key")
    return previous


def permit_application_submit(
    *,
    permit_type: str,
    property_address: str,
    project_description: str,
    applicant: str,
    estimated_cost: Decimal | None = None,
    square_feet: int | None = None,
    serves_alcohol: bool | None = None,
    documents: Sequence[DocumentUpload] = (),
    notify_email: str = "",
    idempotency_key: str | None = None,
    actor: str = "",
) -> PermitApplication:
    """Submit an application: check zoning, assess fees, store documents, allocate a reference.

    With an idempotency key, a retry of the same submission returns the first application
    instead of filing a duplicate; the key is unique, so concurrent retries agree on one.
    """
    fingerprint = _submission_fingerprint(
        permit_type=permit_type, property_address=property_address, project_description=project_description,
        applicant=applicant, estimated_cost=estimated_cost, square_feet=square_feet, documents=documents,
        serves_alcohol=serves_alcohol, notify_email=notify_email)
    if idempotency_key:
        previous = permit_application_get_by_key(idempotency_key=idempotency_key)
        if previous is not None:
            return _submission_replay(previous, fingerprint)
    try:
        return _application_submit(
            permit_type=permit_type, property_address=property_address, project_description=project_description,
            applicant=applicant, estimated_cost=estimated_cost, square_feet=square_feet, documents=documents,
            serves_alcohol=serves_alcohol, notify_email=notify_email, keyed={"idempotency_key": idempotency_key or None, "request_fingerprint": fingerprint}, actor=actor)
    except IntegrityError:
        previous = permit_application_get_by_key(idempotency_key=idempotency_key) if idempotency_key else None
        if previous is None:
            raise
        return _submission_replay(previous, fingerprint)  # the same key, committed a moment ago by a retry


def _application_submit(*, permit_type, property_address, project_description, applicant, estimated_cost,
                        square_feet, documents, serves_alcohol, notify_email, keyed: dict,
                        actor: str) -> PermitApplication:
    ptype = permit_type_get(code=permit_type)
    prop = property_resolve(address=property_address)
    _check_zoning(ptype, prop)
    area, _ = project_area(square_feet=square_feet, description=project_description)
    project = Project(area_sqft=area, valuation=estimated_cost, description=project_description,
                      serves_alcohol=serves_alcohol)
    _check_fee_inputs(ptype, project)
    required = documents_for(ptype, project)
    pairs = documents_match(ptype, documents, required)
    satisfied = {match.pk for _, match in pairs if match is not None}
    missing = [doc for doc in required if doc.mandatory and doc.pk not in satisfied]
    lines = fee_lines(ptype.fee_rules.all(), project, ptype.area_threshold_sqft)
    stored: list[PermitDocument] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            today = timezone.localdate(now)
            application = PermitApplication.objects.create(
                reference=reference_allocate(prefix=REFERENCE_PREFIX, year=today.year), permit_type=ptype, applicant=applicant.strip(),
                property_address=prop.address, place=prop.place, zone=prop.zone,
                description=project_description.strip(), valuation=estimated_cost, area_sqft=area,
                serves_alcohol=serves_alcohol, notify_email=notify_email.strip(), status=Status.SUBMITTED, is_complete=not missing, submitted_at=now, submitted_by=actor,
                status_changed_at=now, fees_due_on=today + dt.timedelta(days=ptype.payment_due_days), **keyed,
            )
            TimelineEntry.objects.create(application=application, status=Status.SUBMITTED,
                                         note=_submission_note(missing), actor=actor, created_at=now)
            AssessedFee.objects.bulk_create([
                AssessedFee(application=application, label=line.label, kind=line.kind, amount=line.amount,
                            note=line.note, sequence=index)
                for index, line in enumerate(lines)
            ])
            for upload, match in pairs:
                document = PermitDocument(application=application, required_document=match,
                                          filename=upload.filename, content_type=upload.content_type,
                                          size=upload.size, sha256=upload.sha256, uploaded_at=now)
                document.file.save(upload.storage_name, ContentFile(upload.data), save=False)
                stored.append(document)
            PermitDocument.objects.bulk_create(stored)
            event_emit(type="permit.submitted", domain="permits", data={
                "reference": application.reference, "permit_type": ptype.code,
                "property_address": application.property_address, "status": application.status,
            })
    except BaseException:
        for document in stored:
            document.file.storage.delete(document.file.name)
        raise
    return application


def _check_transition(application: PermitApplication, target: str, note: str) -> None:
    current = application.status
    reference = application.reference
    if target == current:
        raise ServiceError(PermitErrorCode.ALREADY_IN_STATUS,
                           ALREADY_IN_STATUS_MESSAGE.format(reference=reference, status=workflow.label(current)),
                           field="status")
    if workflow.is_final(current):
        raise ServiceError(PermitErrorCode.INVALID_TRANSITION,
                           FINAL_STATUS_MESSAGE.format(reference=reference, status=workflow.label(current)),
                           field="status", details={"allowed": []})
    allowed = workflow.allowed_next(current)
    if target not in allowed:
        raise ServiceError(
            PermitErrorCode.INVALID_TRANSITION,
            INVALID_TRANSITION_MESSAGE.format(reference=reference, status=workflow.label(current),
                                              target=workflow.label(target),
                                              allowed=", ".join(f"{workflow.label(s)} ({s})" for s in allowed)),
            field="status", details={"allowed": list(allowed)},
        )
    if target in workflow.NOTE_REQUIRED and not note:
        raise ServiceError(PermitErrorCode.NOTE_REQUIRED,
                           NOTE_REQUIRED_MESSAGE.format(target=workflow.label(target)), field="note")
    if target == Status.IN_REVIEW:
        missing = permit_application_missing_documents(application)
        if missing:
            raise ServiceError(
                PermitErrorCode.INCOMPLETE_APPLICATION,
                INCOMPLETE_APPLICATION_MESSAGE.format(reference=reference,
                                                      missing="; ".join(doc.name for doc in missing)),
                field="status", details={"missing_documents": [doc.code for doc in missing]},
            )
    if target == Status.ISSUED:
        outstanding = sum((fee.amount for fee in application.fees.all() if fee.paid_at is None), Decimal("0"))
        if outstanding:
            raise ServiceError(PermitErrorCode.FEES_OUTSTANDING,
                               FEES_OUTSTANDING_MESSAGE.format(reference=reference, amount=format_money(outstanding)),
                               field="status", details={"outstanding": f"{outstanding:.2f}"})
    if target == Status.FINALED:
        remaining = remaining_inspections(application)
        if remaining:
            raise ServiceError(
                PermitErrorCode.INSPECTIONS_OUTSTANDING,
                INSPECTIONS_OUTSTANDING_MESSAGE.format(reference=reference,
                                                       missing=", ".join(kind.name for kind in remaining)),
                field="status", details={"remaining_inspections": [kind.code for kind in remaining]},
            )


def record_transition(application: PermitApplication, *, target: str, note: str, actor: str) -> str:
    """Move a locked application to `target` with its timeline entry and event; return the old status."""
    old = application.status
    now = timezone.now()
    application.status = target
    application.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if target == Status.APPROVED:
        application.valid_until = add_months(timezone.localdate(now), application.permit_type.validity_months)
        fields.append("valid_until")
    if target == Status.IN_REVIEW and not application.is_complete:
        application.is_complete = True
        fields.append("is_complete")
    application.save(update_fields=fields)
    TimelineEntry.objects.create(application=application, status=target, note=note, actor=actor, created_at=now)
    event_emit(type="permit.status_changed", domain="permits", data={
        "reference": application.reference, "permit_type": application.permit_type.code,
        "old_status": old, "status": target,
    })
    return old


@transaction.atomic
def permit_application_transition(*, reference: str, status: str, note: str = "",
                                  actor: str = "") -> tuple[PermitApplication, str]:
    """Move an application along its timeline; return it with the status it left."""
    application = application_lock(reference=normalize_reference(reference))
    note = (note or "").strip()
    _check_transition(application, status, note)
    old = record_transition(application, target=status, note=note, actor=actor)
    return application, old


@transaction.atomic
def permit_application_fees_pay(*, reference: str, actor: str = "") -> Decimal:
    """Record payment of every outstanding fee of an application; return the amount paid."""
    application = application_lock(reference=normalize_reference(reference))
    if FeePayment.objects.filter(application=application, status=FeePayment.Status.PENDING).exists():
        # An online charge of these fees may be landing: recording them paid now could charge twice.
        raise ServiceError(PermitErrorCode.PAYMENT_IN_PROGRESS,
                           PAYMENT_IN_PROGRESS_MESSAGE.format(reference=application.reference), field="reference")
    unpaid = list(AssessedFee.objects.filter(application=application, paid_at__isnull=True).order_by("pk"))
    if not unpaid:
        raise ServiceError(PermitErrorCode.NOTHING_OUTSTANDING,
                           NOTHING_OUTSTANDING_MESSAGE.format(reference=application.reference))
    AssessedFee.objects.filter(pk__in=[fee.pk for fee in unpaid]).update(paid_at=timezone.now())
    return sum((fee.amount for fee in unpaid), Decimal("0"))


def permit_document_add(*, reference: str, upload: DocumentUpload, actor: str = "") -> PermitDocument:
    """File one more document with an application (a staff upload) and refresh its completeness."""
    stored = None
    try:
        with transaction.atomic():
            application = application_lock(reference=normalize_reference(reference))
            ptype = application.permit_type
            required = documents_for(ptype, application_project(application))
            satisfied = set(application.documents.exclude(required_document=None)
                            .values_list("required_document_id", flat=True))
            [(_, match)] = documents_match(ptype, [upload], required)
            stored = PermitDocument(application=application, required_document=match, filename=upload.filename,
                                    content_type=upload.content_type, size=upload.size, sha256=upload.sha256,
                                    uploaded_at=timezone.now())
            stored.file.save(upload.storage_name, ContentFile(upload.data), save=False)
            stored.save()
            if match is not None:
                satisfied.add(match.pk)
            complete = not any(doc.mandatory and doc.pk not in satisfied for doc in required)
            if complete != application.is_complete:
                application.is_complete = complete
                application.save(update_fields=["is_complete"])
    except BaseException:
        if stored is not None and stored.file.name:
            stored.file.storage.delete(stored.file.name)
        raise
    return stored
