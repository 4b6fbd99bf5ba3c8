"""Carry the incident counter (INC) into core, then drop safety's own table."""
from django.db import migrations

from apps.core.sequence_moves import CounterShape, counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0002_dispatch_plural"),
        ("core", "0001_initial"),
    ]

    operations = [
        counters_to_core("safety", "ReferenceSequence", CounterShape(prefixes=("INC",))),
        migrations.DeleteModel(name="ReferenceSequence"),
    ]
