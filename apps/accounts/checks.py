"""System checks of the security settings (`manage.py check --deploy`)."""
from django.conf import settings
from django.core.checks import Error, Tags, register

DEBUG_IN_DEPLOYMENT_MESSAGE = (
    "DEBUG is on: error pages would show stack traces, settings and SQL to anyone. Set DEBUG=false "
    "for every deployment."
)


@register(Tags.security, deploy=True)
def check_debug_off(app_configs, **kwargs):
    """Make Django's warning (security.W018) an error: DEBUG is never on in production."""
    return [Error(DEBUG_IN_DEPLOYMENT_MESSAGE, id="accounts.E001")] if settings.DEBUG else []
