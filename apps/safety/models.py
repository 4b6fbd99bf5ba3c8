"""Safety models (filled by the safety domain issue)."""
