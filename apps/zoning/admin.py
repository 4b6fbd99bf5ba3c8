"""Admin pages for zoning (filled by the zoning domain issue)."""
