from django.apps import AppConfig


class ParkingConfig(AppConfig):
    """Parking: citations, payments and parking facilities."""

    name = "apps.parking"
    label = "parking"
