"""MCP tools of the permits domain, declared against apps.mcp.registry.

A package, one module per concern; importing it (autodiscovery does) registers every tool.
"""
from apps.permits.tools import analysis, applications, documents, inspections, payments  # noqa: F401
