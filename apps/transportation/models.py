"""Transportation models (filled by the transportation domain issue)."""
