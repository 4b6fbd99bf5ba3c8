"""Carry the outage and service request counters (OUT, SR) into core; outage locks become core.KeyedLock rows.

Lock rows hold no data (they are created on first use), so OutageLock is dropped, not copied.
"""
from django.db import migrations

from apps.core.sequence_moves import CounterShape, counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("utilities", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [
        counters_to_core("utilities", "ReferenceSequence", CounterShape(prefixes=("OUT", "SR"))),
        migrations.DeleteModel(name="ReferenceSequence"),
        migrations.DeleteModel(name="OutageLock"),
    ]
