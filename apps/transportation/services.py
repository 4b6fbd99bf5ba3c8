"""Writes for transportation: one function per state change, each atomic."""
