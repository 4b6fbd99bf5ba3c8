"""Reads for parking: look-ups with their related rows fetched up front."""
