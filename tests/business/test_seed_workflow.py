"""The guide's client-side CivicWorkflowOrchestrator, run unchanged against the per-domain ports.

The only change is where the servers are: the guide's client is pointed at this session's
listeners instead of 9300-9307, as tests/seed/test_seed_suite.py does.
"""
import asyncio
import json

from tests.seed.civicmind_client import CivicMindMCPClient
from tests.seed.civicmind_workflow import CivicWorkflowOrchestrator

# The guide's own business_info ("Usage").
BUSINESS_INFO = {
    "name": "Joe's Pizza",
    "address": "123 Main Street",
    "seating_capacity": 40,
    "serves_alcohol": True,
    "estimated_opening": "2025-06-01",
}


def test_restaurant_opening_workflow_answers_all_four_steps(server, demo_city):
    async def run():
        async with CivicMindMCPClient("http://127.0.0.1") as client:
            client.servers = dict(server.ports)
            return await CivicWorkflowOrchestrator(client).restaurant_opening_workflow(BUSINESS_INFO)

    outcome = asyncio.run(run())
    json.dumps(outcome)  # the guide prints it with json.dumps
    assert outcome["status"] == "analysis_complete"
    results = outcome["results"]
    assert list(results) == ["zoning", "permits", "parking", "safety"]
    for domain, result in results.items():
        assert result["isError"] is False, (domain, result)
        assert result["content"][0]["text"].strip(), domain
    assert "C-1" in results["zoning"]["content"][0]["text"]
    assert "Liquor License Review" in results["permits"]["content"][0]["text"]
    assert "Zoning requires 10 off-street spaces" in results["parking"]["content"][0]["text"]
    assert "exit" in results["safety"]["content"][0]["text"].lower()
    # The guide's next steps come from the word "required" in each answer.
    assert "Complete parking requirements" in outcome["next_steps"]
