"""The applicant adds documents to an application already filed.

Why a service of its own: a document is what an application waiting for corrections is
waiting for. Filing one records it (timeline entry, `permit.documents_added`) and, once
every mandatory document is on file, moves a "corrections requested" application back to
review through the one transition table (apps.permits.workflow), with its own timeline
entry and `permit.status_changed`.
"""
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.wording import plural
from apps.events.services import event_emit
from apps.permits import workflow
from apps.permits.documents import DocumentUpload
from apps.permits.errors import DOCUMENTS_CLOSED_MESSAGE, PermitErrorCode
from apps.permits.locks import application_lock
from apps.permits.models import PermitApplication, PermitDocument, TimelineEntry
from apps.permits.selectors.analysis import documents_for
from apps.permits.selectors.applications import application_project, normalize_reference
from apps.permits.services.applications import documents_match, record_transition

Status = PermitApplication.Status

# While the permit office is still deciding, documents can still change its mind.
OPEN_FOR_DOCUMENTS = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.CORRECTIONS_REQUESTED})


@dataclass(frozen=True)
class DocumentsAdded:
    """What add_documents did: the application, the files stored, and the status it left."""

    application: PermitApplication
    documents: list
    old_status: str


def _stored(application, upload: DocumentUpload, match, now) -> PermitDocument:
    document = PermitDocument(application=application, required_document=match, filename=upload.filename,
                              content_type=upload.content_type, size=upload.size, sha256=upload.sha256,
                              uploaded_at=now)
    document.file.save(upload.storage_name, ContentFile(upload.data), save=False)
    return document


def permit_application_documents_add(*, reference: str, documents: Sequence[DocumentUpload],
                                     actor: str = "") -> DocumentsAdded:
    """File the applicant's documents with an open application; resume review when corrections are in."""
    stored: list[PermitDocument] = []
    try:
        with transaction.atomic():
            application = application_lock(reference=normalize_reference(reference))
            old = application.status
            if old not in OPEN_FOR_DOCUMENTS:
                raise ServiceError(PermitErrorCode.DOCUMENTS_CLOSED, DOCUMENTS_CLOSED_MESSAGE.format(
                    reference=application.reference, status=workflow.label(old)), field="reference",
                    details={"status": old})
            ptype = application.permit_type
            required = documents_for(ptype, application_project(application))
            pairs = documents_match(ptype, documents, required)
            now = timezone.now()
            stored.extend(_stored(application, upload, match, now) for upload, match in pairs)
            PermitDocument.objects.bulk_create(stored)
            satisfied = set(application.documents.exclude(required_document=None)
                            .values_list("required_document_id", flat=True))
            missing = [doc for doc in required if doc.mandatory and doc.pk not in satisfied]
            if application.is_complete != (not missing):
                application.is_complete = not missing
                application.save(update_fields=["is_complete"])
            names = ", ".join(doc.filename for doc in stored)
            TimelineEntry.objects.create(application=application, status=old, actor=actor, created_at=now,
                                         note=f"Applicant added {plural(len(stored), 'document')}: {names}.")
            if old == Status.CORRECTIONS_REQUESTED and not missing:
                record_transition(application, target=Status.IN_REVIEW, actor=actor,
                                  note="Corrections received; review resumes.")
            event_emit(type="permit.documents_added", domain="permits", data={
                "reference": application.reference, "count": len(stored), "status": application.status,
                "old_status": old,
            })
    except BaseException:
        for document in stored:
            if document.file.name:
                document.file.storage.delete(document.file.name)
        raise
    return DocumentsAdded(application=application, documents=stored, old_status=old)
