"""Admin pages for safety (filled by the safety domain issue)."""
