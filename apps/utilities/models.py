"""Utilities models (filled by the utilities domain issue)."""
