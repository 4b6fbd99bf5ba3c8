"""CSV export of any admin change list: the rows staff filtered and selected, the columns they see.

One site-wide action (registered in apps/core/admin.py) instead of a mixin per page: every
change list gets it, and "Select all N" after filtering exports the whole filtered list.
Cells are what the change list shows (choice labels, money as "$25.00", local times), as
text without HTML, streamed so a large export never sits in memory.
"""
import csv
import re
from html import unescape

from django.contrib import admin
from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst, slugify

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[-+]?\$?[\d,]+(\.\d+)?$")
EXPORT_CHUNK = 2000


class Echo:
    """A file-like object whose write returns the line, for csv.writer into a streamed response."""

    def write(self, value):
        return value


def export_columns(model_admin, request) -> list[str]:
    """Return the change list's columns, without the selection checkbox."""
    return [name for name in model_admin.get_list_display(request) if name != "action_checkbox"]


def cell_text(name: str, obj, model_admin) -> str:
    """Return one cell as the change list shows it, as plain text."""
    empty = model_admin.get_empty_value_display()
    try:
        field, attr, value = lookup_field(name, obj, model_admin)
    except (AttributeError, ObjectDoesNotExist):
        return ""
    if field is None:
        if getattr(attr, "boolean", False):
            text = "yes" if value else ("no" if value is not None else "")
        else:
            text = display_for_value(value, empty)
    elif isinstance(field, models.BooleanField):
        text = "yes" if value else ("no" if value is not None else "")
    elif isinstance(field, models.ForeignKey):
        text = str(value) if value is not None else ""
    elif isinstance(field, models.DateTimeField) and value is not None:
        text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    else:
        text = display_for_field(value, field, empty)
    text = unescape(strip_tags(str(text))).strip()
    if text == empty:
        return ""
    if text.startswith(FORMULA_STARTS) and not NUMBER.match(text):
        return "'" + text
    return text


def export_rows(model_admin, request, queryset):
    """Yield the header, then one row per object, in the change list's order."""
    columns = export_columns(model_admin, request)
    yield [capfirst(str(label_for_field(name, model_admin.model, model_admin))) for name in columns]
    for obj in queryset.iterator(chunk_size=EXPORT_CHUNK):
        yield [cell_text(name, obj, model_admin) for name in columns]


@admin.action(description="Export selected %(verbose_name_plural)s as CSV", permissions=["view"])
def export_csv(model_admin, request, queryset):
    """Stream the selected rows (all the filtered rows with "Select all") as a CSV file."""
    writer = csv.writer(Echo())
    ordering = model_admin.get_ordering(request) or model_admin.model._meta.ordering
    if ordering and not queryset.ordered:
        queryset = queryset.order_by(*ordering)
    response = StreamingHttpResponse((writer.writerow(row) for row in export_rows(model_admin, request, queryset)),
                                     content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = slugify(model_admin.model._meta.verbose_name_plural)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response
