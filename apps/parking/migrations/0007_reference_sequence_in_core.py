"""Carry parking's citation and receipt counters (rows keyed "VIO-2026", "RCP-2026") into core, then drop them."""
from django.db import migrations

from apps.core.sequence_moves import CounterShape, counters_to_core


class Migration(migrations.Migration):
    dependencies = [
        ("parking", "0006_report_idempotency_key"),
        ("core", "0001_initial"),
    ]

    operations = [
        counters_to_core("parking", "NumberSequence",
                         CounterShape(prefixes=("VIO", "RCP"), last_field="last_value", joined_prefix=True)),
        migrations.DeleteModel(name="NumberSequence"),
    ]
