from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API at /api/v1/: every MCP tool and resource as an HTTP operation, with OpenAPI 3.1."""

    name = "apps.api"
    label = "api"
    verbose_name = "REST API"
