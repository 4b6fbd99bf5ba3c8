from django.apps import AppConfig


class Open311Config(AppConfig):
    """Open311 GeoReport v2 at /open311/v2/: the city's resident filings for 311 apps and dashboards."""

    name = "apps.open311"
    label = "open311"
    verbose_name = "Open311 GeoReport v2"
