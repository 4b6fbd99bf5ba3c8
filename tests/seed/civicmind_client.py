"""The user's own Python client, verbatim from their integration guide ("Custom MCP Client
Development"): plain aiohttp POSTs, no MCP library, `initialize` with 2024-11-05.
"""
import asyncio  # noqa: F401  (as in the guide)
import json  # noqa: F401
from typing import Dict, List, Optional

import aiohttp


class CivicMindMCPClient:
    def __init__(self, base_url: str = "http://localhost", api_key: Optional[str] = None):
        self.base_url = base_url
        self.api_key = api_key
        self.session = None
        self.servers = {
            "parking": 9300,
            "permits": 9301, 
            "noise": 9302,
            "safety": 9303,
            "utilities": 9304,
            "transportation": 9305,
            "zoning": 9306,
            "environmental": 9307
        }
    
    async def __aenter__(self):
        self.session = aiohttp.ClientSession()
        return self
    
    async def __aexit__(self, exc_type, exc_val, exc_tb):
        if self.session:
            await self.session.close()
    
    async def initialize_server(self, domain: str) -> Dict:
        """Initialize MCP connection to a specific domain server"""
        port = self.servers.get(domain)
        if not port:
            raise ValueError(f"Unknown domain: {domain}")
        
        url = f"{self.base_url}:{port}/mcp"
        payload = {
            "jsonrpc": "2.0",
            "method": "initialize",
            "params": {
                "protocolVersion": "2024-11-05",
                "clientInfo": {
                    "name": "CivicMind Python Client",
                    "version": "1.0.0"
                }
            },
            "id": 1
        }
        
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["X-API-Key"] = self.api_key
        
        async with self.session.post(url, json=payload, headers=headers) as response:
            result = await response.json()
            return result
    
    async def list_tools(self, domain: str) -> List[Dict]:
        """List available tools for a domain"""
        port = self.servers[domain]
        url = f"{self.base_url}:{port}/mcp"
        
        payload = {
            "jsonrpc": "2.0",
            "method": "tools/list",
            "id": 2
        }
        
        async with self.session.post(url, json=payload) as response:
            result = await response.json()
            return result.get("result", {}).get("tools", [])
    
    async def call_tool(self, domain: str, tool_name: str, arguments: Dict) -> Dict:
        """Call a specific tool on a domain server"""
        port = self.servers[domain]
        url = f"{self.base_url}:{port}/mcp"
        
        payload = {
            "jsonrpc": "2.0",
            "method": "tools/call",
            "params": {
                "name": tool_name,
                "arguments": arguments
            },
            "id": 3
        }
        
        async with self.session.post(url, json=payload) as response:
            result = await response.json()
            if "error" in result:
                raise Exception(f"MCP Error: {result['error']}")
            return result.get("result", {})
