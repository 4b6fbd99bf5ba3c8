from django.apps import AppConfig


class NoiseConfig(AppConfig):
    """Noise: ordinances, complaints and enforcement."""

    name = "apps.noise"
    label = "noise"
