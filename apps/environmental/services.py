"""Writes for environmental: one function per state change, each atomic."""
