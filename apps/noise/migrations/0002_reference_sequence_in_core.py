"""Carry noise's case counter (NC, one row per year) into core, then drop it."""
from django.db import migrations

from apps.core.sequence_moves import CounterShape, counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("noise", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [
        counters_to_core("noise", "CaseSequence", CounterShape(prefixes=("NC",), fixed_prefix=True)),
        migrations.DeleteModel(name="CaseSequence"),
    ]
