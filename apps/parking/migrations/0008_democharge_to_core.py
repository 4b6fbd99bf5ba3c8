"""DemoCharge now belongs to core (core 0002 took it over); the table stays as it is."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("parking", "0007_reference_sequence_in_core"),
        ("core", "0002_democharge_from_parking"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DemoCharge")],
            database_operations=[],
        ),
    ]
