"""Carry the road issue counter (RD) into core; road issue locks become core.KeyedLock rows.

Lock rows hold no data (they are created on first use), so RoadIssueLock is dropped, not copied.
"""
from django.db import migrations

from apps.core.sequence_moves import CounterShape, counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("transportation", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [
        counters_to_core("transportation", "ReferenceSequence", CounterShape(prefixes=("RD",))),
        migrations.DeleteModel(name="ReferenceSequence"),
        migrations.DeleteModel(name="RoadIssueLock"),
    ]
