"""Reads for zoning: look-ups with their related rows fetched up front."""
