"""The data migration that moved each domain's own counter table into core.ReferenceSequence.

Eight domains kept the same counter in three shapes: (prefix, year) rows, one row per year
under a fixed prefix (noise "NC", permits "PRM"), and parking's joined "VIO-2026" prefix.
Each domain's migration names its shape; this module copies the counters forward (never
lowering one already in core) and, when the migration is reversed, back into the recreated
table. It works on the historical models the migration passes in, never on today's.
"""
from dataclasses import dataclass

from django.db import migrations


@dataclass(frozen=True)
class CounterShape:
    """How one domain's old counter rows map to (prefix, year, last number) and back."""

    prefixes: tuple[str, ...]
    last_field: str = "last_number"
    fixed_prefix: bool = False  # rows keyed by year alone, under prefixes[0]
    joined_prefix: bool = False  # rows keyed by "<prefix>-<year>"

    def to_core(self, row) -> tuple[str, int, int] | None:
        last = getattr(row, self.last_field)
        if self.fixed_prefix:
            return self.prefixes[0], row.year, last
        if self.joined_prefix:
            prefix, _, year = row.prefix.rpartition("-")
            return (prefix, int(year), last) if prefix in self.prefixes and year.isdigit() else None
        return (row.prefix, row.year, last) if row.prefix in self.prefixes else None

    def key(self, prefix: str, year: int) -> dict:
        if self.fixed_prefix:
            return {"year": year}
        if self.joined_prefix:
            return {"prefix": f"{prefix}-{year}"}
        return {"prefix": prefix, "year": year}


def counters_to_core(app_label: str, model_name: str, shape: CounterShape) -> migrations.RunPython:
    """Return the reversible step that carries `app_label.model_name`'s counters into core."""

    def forward(apps, schema_editor):
        alias = schema_editor.connection.alias
        old, core = apps.get_model(app_label, model_name), apps.get_model("core", "ReferenceSequence")
        for row in old.objects.using(alias).all():
            if (moved := shape.to_core(row)) is None:
                continue
            prefix, year, last = moved
            counter, _ = core.objects.using(alias).get_or_create(prefix=prefix, year=year)
            core.objects.using(alias).filter(pk=counter.pk, last_number__lt=last).update(last_number=last)

    def backward(apps, schema_editor):
        alias = schema_editor.connection.alias
        old, core = apps.get_model(app_label, model_name), apps.get_model("core", "ReferenceSequence")
        counters = core.objects.using(alias).filter(prefix__in=shape.prefixes)
        for counter in counters:
            old.objects.using(alias).update_or_create(**shape.key(counter.prefix, counter.year),
                                                      defaults={shape.last_field: counter.last_number})
        counters.delete()

    return migrations.RunPython(forward, backward)
