"""Writes for permits: one function per state change, each atomic."""
