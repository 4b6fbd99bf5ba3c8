"""Admin pages for environmental (filled by the environmental domain issue)."""
