"""MCP tools of the noise domain, declared against apps.mcp.registry."""
