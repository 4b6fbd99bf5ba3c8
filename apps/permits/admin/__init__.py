"""Admin pages for permits: the catalogue, applications with their actions, the inspector calendar.

A package, one module per area; importing it (admin autodiscovery does) registers every page.
"""
from apps.permits.admin import applications, inspections, types  # noqa: F401
