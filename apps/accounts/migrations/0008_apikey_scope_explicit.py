"""API keys: "all domains" or named domains, enforced by the database (an empty list never means all)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_auditentry_plural'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='apikey',
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(('all_domains', True), ('domains', [])),
                                   models.Q(('all_domains', False), models.Q(('domains', []), _negated=True)),
                                   _connector='OR'),
                name='accounts_apikey_scope_explicit'),
        ),
    ]
