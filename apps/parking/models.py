"""Parking models (filled by the parking domain issue)."""
