"""Tool arguments (inputs) and answers (outputs) of the permits domain, as DRF serializers."""
