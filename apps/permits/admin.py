"""Admin pages for permits (filled by the permits domain issue)."""
