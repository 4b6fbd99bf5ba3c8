"""Admin pages for parking (filled by the parking domain issue)."""
