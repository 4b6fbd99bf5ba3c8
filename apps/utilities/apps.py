from django.apps import AppConfig


class UtilitiesConfig(AppConfig):
    """Utilities: accounts, bills, service requests and outages."""

    name = "apps.utilities"
    label = "utilities"
