from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks: service errors, money, listeners and health."""

    name = "apps.core"
    label = "core"

    def ready(self):
        from civicmind import checks  # noqa: F401  (registers the deploy check)
