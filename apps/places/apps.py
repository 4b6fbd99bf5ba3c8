from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """The gazetteer: named places and street addresses with coordinates, resolved offline."""

    name = "apps.places"
    label = "places"
