"""Reads for environmental: look-ups with their related rows fetched up front."""
