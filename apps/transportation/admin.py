"""Admin pages for transportation (filled by the transportation domain issue)."""
