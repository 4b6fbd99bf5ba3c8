"""REST requests count against the same rate limits as MCP calls, and a refusal is a 429 problem."""
import pytest
from asgiref.sync import async_to_sync

from apps.mcp.access import AccessRefused, admit
from tests.accounts.conftest import make_call

INVALID = {"location": "123 Main St", "noise_type": "kazoo"}  # refused by the serializer: no database work


@pytest.fixture
def limits(settings):
    settings.REDIS_URL = ""
    settings.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS = 1_000_000
    settings.CIVICMIND_RATE_LIMIT_PER_ADDRESS = 3
    settings.CIVICMIND_RATE_LIMIT_EXEMPT = []  # the test client comes from 127.0.0.1
    return settings


@pytest.mark.django_db
def test_the_fourth_request_in_the_window_is_a_429_problem(client, limits):
    statuses = [client.post("/api/v1/noise/tools/file_complaint", INVALID, content_type="application/json").status_code
                for _ in range(3)]
    assert statuses == [400, 400, 400]
    refused = client.post("/api/v1/noise/tools/file_complaint", INVALID, content_type="application/json")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) > 0
    assert (refused.json()["status"], refused.json()["code"]) == (429, "rate_limited")
    # The same bucket as MCP: an MCP call from this address is refused now too.
    with pytest.raises(AccessRefused):
        async_to_sync(admit)(make_call(address="127.0.0.1"))
