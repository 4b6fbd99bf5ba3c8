"""Refuse to serve with a development secret key outside DEBUG.

Management commands such as `migrate` keep working (CI and set-up need them); only the
servers refuse, so a forgotten SECRET_KEY can never reach a public listener.
"""
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

INSECURE_SECRET_KEY_MESSAGE = (
    "SECRET_KEY is the development default and DEBUG is off: set SECRET_KEY to a long "
    "random value (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
)


def secret_key_is_insecure() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY


def refuse_insecure_serving() -> None:
    """Raise ImproperlyConfigured when a server would start on the development key."""
    if secret_key_is_insecure():
        raise ImproperlyConfigured(INSECURE_SECRET_KEY_MESSAGE)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if secret_key_is_insecure():
        return [Error(INSECURE_SECRET_KEY_MESSAGE, id="civicmind.E001")]
    return []
