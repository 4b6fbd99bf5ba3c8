"""Reads for transportation: look-ups with their related rows fetched up front."""
