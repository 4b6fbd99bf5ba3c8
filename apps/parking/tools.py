"""MCP tools of the parking domain, declared against apps.mcp.registry."""
