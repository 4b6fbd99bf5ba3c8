"""Reads for permits: look-ups with their related rows fetched up front."""
