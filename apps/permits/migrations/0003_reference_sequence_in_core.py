"""Carry the permit application counter (PRM, one row per year) into core, then drop it."""
from django.db import migrations

from apps.core.sequence_moves import CounterShape, counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0002_submit_idempotency_key"),
        ("core", "0001_initial"),
    ]

    operations = [
        counters_to_core("permits", "ReferenceCounter", CounterShape(prefixes=("PRM",), fixed_prefix=True)),
        migrations.DeleteModel(name="ReferenceCounter"),
    ]
