"""Writes for noise: one function per state change, each atomic."""
