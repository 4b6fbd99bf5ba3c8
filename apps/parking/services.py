"""Writes for parking: one function per state change, each atomic."""
