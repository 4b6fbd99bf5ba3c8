"""The user's multi-domain workflow, verbatim from their integration guide ("Multi-Domain
Workflows"): it runs on the client and calls zoning, permits, parking and safety in turn.
"""
import time
from typing import Dict, List

from tests.seed.civicmind_client import CivicMindMCPClient


class CivicWorkflowOrchestrator:
    def __init__(self, mcp_client: CivicMindMCPClient):
        self.client = mcp_client
        
    async def restaurant_opening_workflow(self, business_info: Dict) -> Dict:
        """Orchestrate restaurant opening across multiple domains"""
        workflow_results = {}
        
        # Step 1: Check zoning compliance
        zoning_check = await self.client.call_tool("zoning", "check_compliance", {
            "property_address": business_info["address"],
            "business_type": "restaurant",
            "seating_capacity": business_info["seating_capacity"]
        })
        workflow_results["zoning"] = zoning_check
        
        # Step 2: Analyze permit requirements
        permit_analysis = await self.client.call_tool("permits", "analyze_application", {
            "permit_type": "business_license",
            "business_type": "restaurant",
            "serves_alcohol": business_info.get("serves_alcohol", False)
        })
        workflow_results["permits"] = permit_analysis
        
        # Step 3: Check parking requirements
        parking_analysis = await self.client.call_tool("parking", "analyze_requirements", {
            "business_address": business_info["address"],
            "seating_capacity": business_info["seating_capacity"],
            "peak_hours": business_info.get("peak_hours", "6pm-10pm")
        })
        workflow_results["parking"] = parking_analysis
        
        # Step 4: Safety inspection scheduling
        safety_requirements = await self.client.call_tool("safety", "get_requirements", {
            "business_type": "restaurant",
            "capacity": business_info["seating_capacity"]
        })
        workflow_results["safety"] = safety_requirements
        
        return {
            "workflow_id": f"restaurant-{int(time.time())}",
            "status": "analysis_complete",
            "results": workflow_results,
            "next_steps": self._generate_next_steps(workflow_results)
        }
    
    def _generate_next_steps(self, results: Dict) -> List[str]:
        """Generate prioritized next steps based on workflow results"""
        steps = []
        
        # Parse results and create action items
        for domain, result in results.items():
            content = result.get("content", [{}])[0].get("text", "")
            if "required" in content.lower():
                steps.append(f"Complete {domain} requirements")
        
        return steps
