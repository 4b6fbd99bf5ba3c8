"""Noise models (filled by the noise domain issue)."""
