from django.apps import AppConfig


class TransportationConfig(AppConfig):
    """Transportation: transit, traffic alerts and road issues."""

    name = "apps.transportation"
    label = "transportation"
