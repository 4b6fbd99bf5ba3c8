"""Admin pages for noise (filled by the noise domain issue)."""
