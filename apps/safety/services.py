"""Writes for safety: one function per state change, each atomic."""
