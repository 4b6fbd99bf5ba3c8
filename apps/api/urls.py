"""/api/v1/: the OpenAPI document, its Swagger UI, every tool and every resource."""
from django.urls import path, re_path

from apps.api import views

urlpatterns = [
    path("schema/", views.schema_view, name="api-schema"),
    path("docs/", views.docs_view, name="api-docs"),
    path("<slug:domain>/tools/<str:name>", views.tool_view, name="api-tool"),
    # Everything else: a resource, or a JSON 404 (never Django's HTML page), whatever the path holds.
    re_path(r"^(?P<path>[\s\S]*)$", views.resource_view, name="api-resource"),
]
