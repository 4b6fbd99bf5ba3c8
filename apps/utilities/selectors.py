"""Reads for utilities: look-ups with their related rows fetched up front."""
