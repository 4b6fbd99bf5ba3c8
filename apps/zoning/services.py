"""Writes for zoning: one function per state change, each atomic."""
