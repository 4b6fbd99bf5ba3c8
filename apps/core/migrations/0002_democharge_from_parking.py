"""The demo processor's memory moves to core (every domain that takes money uses the gateway).

State only: the table `parking_democharge` (parking 0005) stays where it is and keeps its name.
"""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("parking", "0005_payment_intents"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DemoCharge",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("idempotency_key", models.CharField(max_length=200, unique=True)),
                        ("reference", models.CharField(blank=True, max_length=100)),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=10, null=True)),
                        ("currency", models.CharField(blank=True, max_length=3)),
                        ("method", models.CharField(blank=True, max_length=60)),
                        ("cancelled", models.BooleanField(default=False, help_text="Cancelled before any charge: the key never charges.")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={"db_table": "parking_democharge", "ordering": ["created_at", "pk"]},
                ),
            ],
            database_operations=[],
        ),
    ]
