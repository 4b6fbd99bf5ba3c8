"""Zoning models (filled by the zoning domain issue)."""
