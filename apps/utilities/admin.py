"""Admin pages for utilities (filled by the utilities domain issue)."""
