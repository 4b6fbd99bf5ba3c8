"""Reads for noise: look-ups with their related rows fetched up front."""
