"""API keys say "all domains" explicitly; keys saved with no domains were all-domains keys."""
from django.db import migrations, models


def carry_over(apps, schema_editor):
    """Mark today's keys with an empty domain list as explicit all-domains keys (what they meant)."""
    ApiKey = apps.get_model("accounts", "ApiKey")
    for key in ApiKey.objects.only("pk", "domains").iterator():
        if not key.domains:
            ApiKey.objects.filter(pk=key.pk).update(all_domains=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_accesscode")]

    operations = [
        migrations.AddField(
            model_name="apikey", name="all_domains",
            field=models.BooleanField(
                default=False, verbose_name="all domains",
                help_text="The key's level applies in every domain, including domains added later."),
        ),
        migrations.AlterField(
            model_name="apikey", name="domains",
            field=models.JSONField(
                blank=True, default=list,
                help_text="Domains the key's level applies to, when it is not for all domains."),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
