"""MCP tools of the parking domain, one module per tool, in the seed's order.

Importing this package (apps.mcp autodiscovers `tools`) registers every tool.
"""
# Import order is tools/list order: the seed's four, then contest and the staff tool.
from apps.parking.tools import check, parking, report, payments, contest, issue  # noqa: F401, I001
