"""Carry the bulk pickup and report counters (BP, ENV) into core, then drop environmental's own table."""
from django.db import migrations

from apps.core.sequence_moves import CounterShape, counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("environmental", "0002_pickupaddress_plural"),
        ("core", "0001_initial"),
    ]

    operations = [
        counters_to_core("environmental", "ReferenceSequence", CounterShape(prefixes=("BP", "ENV"))),
        migrations.DeleteModel(name="ReferenceSequence"),
    ]
