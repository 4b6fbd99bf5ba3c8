"""How the admin shows values to people: money, weekdays, local times, file sizes, search variants.

Each helper builds an `@admin.display` column for `list_display` (or an inline's fields), so
every list formats money and days the same way and the CSV export (which reads the same
columns) agrees with the screen. Models' `__str__` use `local_text` for the same reason:
an inline's row title is its `__str__`, and a time there must be the city's, not UTC.
"""
from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst

from apps.core.display import EMPTY, WEEKDAY_CHOICES, local_text, weekday_name  # noqa: F401  (re-exported)
from apps.core.money import format_money


def _column(field: str, description: str | None, render: Callable, *, ordering: bool = True):
    def column(obj):
        return render(getattr(obj, field))

    column.__name__ = f"{field}_display"  # also the cell's CSS class, field-<name>
    label = description or field.replace("_", " ")
    return admin.display(description=label, ordering=field if ordering else None)(column)


def money(field: str, description: str | None = None, *, ordering: bool = True):
    """Return a column showing a Decimal field as "$1,234.50" (empty: "—")."""
    return _column(field, description, lambda value: EMPTY if value is None else format_money(value),
                   ordering=ordering)


def weekday(field: str, description: str | None = None):
    """Return a column showing a 0-6 weekday field as its name."""
    return _column(field, description, weekday_name)


def file_size(field: str, description: str | None = None):
    """Return a column showing a size in bytes as "1.2 MB"."""
    return _column(field, description, lambda value: EMPTY if value is None else filesizeformat(value))


class SearchVariantsMixin:
    """Search also for each variant of the term (e.g. "123 Oak Street" as "123 oak st").

    `search_term_variants(term)` returns the other spellings; the results of each are
    OR-ed with the plain search, so the plain search still finds what it found.
    """

    def search_term_variants(self, term: str) -> list[str]:
        return []

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        for variant in self.search_term_variants(search_term):
            if variant and variant.lower() != search_term.strip().lower():
                more, duplicates = super().get_search_results(request, queryset, variant)
                results = queryset.filter(Q(pk__in=results.values("pk")) | Q(pk__in=more.values("pk")))
                may_have_duplicates = may_have_duplicates or duplicates
        return results, may_have_duplicates


class WeekdayFieldsMixin:
    """Edit the 0-6 weekday fields named in `weekday_fields` as a choice of day names."""

    weekday_fields: tuple[str, ...] = ()
    weekday_choices = WEEKDAY_CHOICES

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.weekday_fields:
            return forms.TypedChoiceField(
                choices=self.weekday_choices, coerce=int, label=capfirst(db_field.verbose_name),
                required=not db_field.blank, help_text="")
        return super().formfield_for_dbfield(db_field, request, **kwargs)
