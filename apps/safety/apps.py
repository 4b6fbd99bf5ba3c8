from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Public safety: incidents, response units and dispatches."""

    name = "apps.safety"
    label = "safety"
