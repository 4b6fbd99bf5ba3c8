"""The deploy check: DEBUG is an error, not a warning, in any deployment."""
from django.core import checks

from apps.accounts.checks import DEBUG_IN_DEPLOYMENT_MESSAGE


def deploy_errors():
    return [m for m in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
            if m.id == "accounts.E001"]


def test_debug_on_fails_the_deploy_check(settings):
    settings.DEBUG = True
    errors = deploy_errors()
    assert [(e.level, e.msg) for e in errors] == [(checks.ERROR, DEBUG_IN_DEPLOYMENT_MESSAGE)]


def test_debug_off_passes(settings):
    settings.DEBUG = False
    assert deploy_errors() == []
