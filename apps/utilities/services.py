"""Writes for utilities: one function per state change, each atomic."""
