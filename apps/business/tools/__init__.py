"""MCP tools that span domains; each declares the listeners it is served on.

Importing this package (apps.mcp autodiscovers `tools`) registers every tool.
"""
from apps.business.tools import requirements, plan  # noqa: F401, I001
