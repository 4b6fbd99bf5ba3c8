"""GET /media/<name> on the admin port: an uploaded file, for staff allowed to see its owner.

Uploads (permit documents, citation evidence photos) carry personal data, so nothing serves
MEDIA_ROOT as such. The admin links every file field to `storage.url(name)`, which is
/media/<name>; this view answers that URL, so every admin link (editable widget, read-only
field, inline) leads here without each admin building its own. It serves a file only when a
row of some model stores that exact name and the user is active staff with the view
permission on that model. Domain ports never reach Django (civicmind.routing), so no
public listener serves uploads.

The owning rows are discovered from the models' FileFields, not registered by hand, so a
file field added later is protected (and served) the same way.
"""
import mimetypes
import posixpath
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, SuspiciousFileOperation
from django.db import models
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

# Shown in the browser; anything else is downloaded, so an uploaded HTML or SVG file can
# never run script on the admin's origin.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"})
FILE_NOT_FOUND = "No uploaded file is stored under this name."
FILE_MISSING = "The file is recorded but missing from storage (is MEDIA_ROOT shared by every container?)."
FILE_FORBIDDEN = "You need the view permission on {model} to open this file."


@dataclass(frozen=True)
class StoredFile:
    """A row that stores an uploaded file, and which of its fields holds it."""

    obj: models.Model
    field: models.FileField

    @property
    def permission(self) -> str:
        opts = self.obj._meta
        return f"{opts.app_label}.view_{opts.model_name}"

    @property
    def content_type(self) -> str:
        """The type recorded at upload (permit documents), else the one its extension implies.

        Evidence photos are stored with the extension of their verified type, so the guess
        is the stored type too.
        """
        recorded = self._recorded("content_type")
        if recorded:
            return recorded
        return mimetypes.guess_type(self.name)[0] or "application/octet-stream"

    @property
    def filename(self) -> str:
        return self._recorded("filename") or posixpath.basename(self.name)

    @property
    def name(self) -> str:
        return getattr(self.obj, self.field.attname).name

    def _recorded(self, attname: str) -> str:
        try:
            self.obj._meta.get_field(attname)
        except FieldDoesNotExist:  # this model records no such detail
            return ""
        return str(getattr(self.obj, attname) or "")


def file_fields() -> list[models.FileField]:
    """Return every concrete FileField (and ImageField) of the installed models."""
    return [field for model in apps.get_models() for field in model._meta.concrete_fields
            if isinstance(field, models.FileField)]


def _could_hold(field: models.FileField, name: str) -> bool:
    """Skip a query when the field's fixed upload prefix rules the name out."""
    if callable(field.upload_to):
        return True
    prefix = field.upload_to.split("%", 1)[0]
    return name.startswith(prefix)


def stored_file_list(*, name: str) -> list[StoredFile]:
    """Return the rows whose file fields store exactly `name`."""
    found = []
    for field in file_fields():
        if not name or not _could_hold(field, name):
            continue
        obj = field.model._default_manager.filter(**{field.name: name}).order_by("pk").first()
        if obj is not None:
            found.append(StoredFile(obj, field))
    return found


def _response(stored: StoredFile) -> HttpResponse:
    try:
        with getattr(stored.obj, stored.field.attname).open("rb") as handle:
            content = handle.read()  # bounded by the upload limits (5 MB by default)
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404(FILE_MISSING) from None
    content_type = stored.content_type
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    # FileResponse's own quoting (RFC 5987 for non-ASCII names), without streaming the body.
    response["Content-Disposition"] = content_disposition_header(disposition == "attachment", stored.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def staff_file_view(request, name: str):
    """Serve an uploaded file to staff who may view the row that stores it."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    owners = stored_file_list(name=name)
    if not owners:
        raise Http404(FILE_NOT_FOUND)
    for stored in owners:
        if user.has_perm(stored.permission):
            return _response(stored)
    raise PermissionDenied(FILE_FORBIDDEN.format(model=owners[0].obj._meta.verbose_name))
