from django.apps import AppConfig


class PermitsConfig(AppConfig):
    """Permits: permit types, applications, documents and inspections."""

    name = "apps.permits"
    label = "permits"
