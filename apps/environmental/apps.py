from django.apps import AppConfig


class EnvironmentalConfig(AppConfig):
    """Environmental services: waste, reports and sustainability programs."""

    name = "apps.environmental"
    label = "environmental"
