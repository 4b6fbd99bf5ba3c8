"""Carry the variance counter (VAR) into core, then drop zoning's own table."""
from django.db import migrations

from apps.core.sequence_moves import CounterShape, counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("zoning", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [
        counters_to_core("zoning", "ReferenceSequence", CounterShape(prefixes=("VAR",))),
        migrations.DeleteModel(name="ReferenceSequence"),
    ]
