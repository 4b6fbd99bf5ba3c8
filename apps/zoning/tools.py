"""MCP tools of the zoning domain, declared against apps.mcp.registry."""
