"""Permits models (filled by the permits domain issue)."""
