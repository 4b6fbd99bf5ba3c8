"""Refuse to serve with a development or guessable secret key outside DEBUG.

Management commands such as `migrate` keep working (CI and set-up need them); only the
servers (`serve`, daphne, runserver: anything that imports civicmind.asgi) refuse, so a
forgotten or placeholder SECRET_KEY can never reach a public listener.
"""
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

# Django's own bar for a production key (security.W009), enforced rather than warned about.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
HOW_TO_MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
INSECURE_SECRET_KEY_MESSAGE = (
    "SECRET_KEY is the development default and DEBUG is off: set SECRET_KEY to a long "
    f"random value ({HOW_TO_MAKE_A_KEY})."
)
WEAK_SECRET_KEY_MESSAGE = (
    f"SECRET_KEY is too easy to guess (fewer than {SECRET_KEY_MIN_LENGTH} characters, fewer "
    f"than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, or a django-insecure- key) and "
    f"DEBUG is off: set it to a long random value ({HOW_TO_MAKE_A_KEY})."
)


def secret_key_problem() -> str | None:
    """Return why the secret key must not be served with, or None when it may."""
    if settings.DEBUG:
        return None
    key = settings.SECRET_KEY
    if key == settings.DEVELOPMENT_SECRET_KEY:
        return INSECURE_SECRET_KEY_MESSAGE
    if (len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
            or key.startswith("django-insecure-")):
        return WEAK_SECRET_KEY_MESSAGE
    return None


def secret_key_is_insecure() -> bool:
    return secret_key_problem() is not None


def refuse_insecure_serving() -> None:
    """Raise ImproperlyConfigured when a server would start on a guessable key."""
    problem = secret_key_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    problem = secret_key_problem()
    return [Error(problem, id="civicmind.E001")] if problem else []
