"""MCP tools of the safety domain, declared against apps.mcp.registry."""
