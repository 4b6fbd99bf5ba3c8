"""Reads for safety: look-ups with their related rows fetched up front."""
