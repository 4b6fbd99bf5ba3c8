"""MCP tools of the utilities domain, declared against apps.mcp.registry."""
