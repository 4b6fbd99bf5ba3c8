"""Environmental models (filled by the environmental domain issue)."""
