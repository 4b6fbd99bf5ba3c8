"""The security block of the settings refuses malformed values at start-up, naming them."""
import os
import subprocess
import sys

import pytest

from tests.servers import BASE_DIR


@pytest.mark.parametrize("variable, value, message", [
    ("CIVICMIND_ANONYMOUS_ACCESS", "staff", "CIVICMIND_ANONYMOUS_ACCESS must be public or resident, not 'staff'."),
    ("CIVICMIND_RATE_LIMIT_EXEMPT", "10.0.0.0/8,localhost",
     "CIVICMIND_RATE_LIMIT_EXEMPT: 'localhost' does not appear to be an IPv4 or IPv6 network."),
    ("CIVICMIND_LOG_FORMAT", "xml", "CIVICMIND_LOG_FORMAT must be json or plain, not 'xml'."),
    ("CIVICMIND_RATE_LIMIT_PER_KEY", "-1", "CIVICMIND_RATE_LIMIT_PER_KEY must be at least 0, not -1."),
])
def test_malformed_security_settings_stop_start_up(variable, value, message):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="civicmind.settings", **{variable: value})
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr
