"""Property-based tests of the REST API from its own OpenAPI document (schemathesis, issue 16).

The CLI runs against the real server with the demo city: for every operation, bounded
examples (fixed seed) of valid and invalid arguments, as anonymous and as staff. Every
answer must be no 5xx, a documented status, the documented content type and match the
documented schema. Bounded for CI on 2 cores: a few examples per operation, under 90 s.
"""
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from apps.accounts.services import api_key_create
from civicmind.domains import DOMAINS

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
pytestmark = pytest.mark.timeout(600)


def schemathesis(server, tmp_path: Path, *headers: str) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("schemathesis")), "run", f"{server.base()}/api/v1/schema/",
               "--url", server.base(), "--checks", CHECKS, "--phases", "examples,coverage,fuzzing",
               "--max-examples", "4", "--seed", "16", "--workers", "2", "--no-shrink",
               "--request-timeout", "30", "--suppress-health-check", "all", "--output-truncate", "true",
               "--report-dir", str(tmp_path), *[arg for header in headers for arg in ("-H", header)]]
    return subprocess.run(command, capture_output=True, text=True, timeout=540)


@pytest.fixture
def staff_key(server, demo_city):
    owner = get_user_model().objects.create_user("schemathesis", password="x")
    return api_key_create(name="schemathesis", owner=owner, domains=list(DOMAINS), access_level="staff").raw_key


def test_every_operation_holds_to_its_schema(server, demo_city, staff_key, tmp_path):
    run = schemathesis(server, tmp_path, f"X-API-Key: {staff_key}")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
