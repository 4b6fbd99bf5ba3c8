from django.apps import AppConfig


class ZoningConfig(AppConfig):
    """Zoning: districts, parcels and variance applications."""

    name = "apps.zoning"
    label = "zoning"
