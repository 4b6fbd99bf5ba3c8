"""MCP tools of the transportation domain, declared against apps.mcp.registry."""
