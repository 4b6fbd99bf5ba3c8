"""MCP tools of the environmental domain, declared against apps.mcp.registry."""
