"""MCP tools of the permits domain, declared against apps.mcp.registry."""
