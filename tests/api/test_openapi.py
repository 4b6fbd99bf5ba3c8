"""The OpenAPI 3.1 document: valid, generated from the registry, one operation per tool and resource."""
import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

from apps.api.openapi import openapi_document
from apps.mcp.registry import registry

DOCUMENT_URL = "/api/v1/schema/"


@pytest.fixture
def document(client):
    response = client.get(DOCUMENT_URL)
    assert response.status_code == 200
    return response.json()


def operations_by_tool(document: dict) -> dict[str, dict[str, dict]]:
    """{qualified tool name: {http method: operation}} from the document's x-mcp-tool marks."""
    found: dict[str, dict[str, dict]] = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if "x-mcp-tool" in operation:
                domain = operation["tags"][0]
                found.setdefault(f"{domain}_{operation['x-mcp-tool']}", {})[method] = dict(operation, path=path)
    return found


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_tool_is_an_operation_with_its_own_schemas(document):
    by_tool = operations_by_tool(document)
    assert sorted(by_tool) == sorted(tool.qualified_name() for tool in registry.tools.values())
    for tool in registry.tools.values():
        post = by_tool[tool.qualified_name()]["post"]
        assert post["path"] == f"/api/v1/{tool.domain}/tools/{tool.name}"
        assert post["requestBody"]["content"]["application/json"]["schema"] == tool.input_schema
        assert post["responses"]["200"]["content"]["application/json"]["schema"] == tool.output_schema
        assert post["x-access-level"] == tool.access.name.lower()
        assert ("get" in by_tool[tool.qualified_name()]) <= tool.annotations["readOnlyHint"]


def test_every_resource_is_a_get_mirroring_its_uri(document):
    uris = [*registry.resources, *(template.uri_template for template in registry.templates)]
    for uri in uris:
        path = "/api/v1/" + uri.removeprefix("civicmind://")
        assert "get" in document["paths"][path], uri
    assert "/api/v1/parking/citations/{citation_number}" in document["paths"]
    assert "/api/v1/permits/types" in document["paths"]


def test_a_tool_declared_tomorrow_appears_at_once(document):
    """The document is derived per registry generation: a new declaration shows up without code here."""
    from rest_framework import serializers

    from apps.mcp.registry import Registry, ToolResult

    fresh = Registry()

    class EchoInput(serializers.Serializer):
        word = serializers.CharField(max_length=10, help_text="A word.")

    class EchoOutput(serializers.Serializer):
        word = serializers.CharField()

    @fresh.tool(name="echo", title="Echo", input=EchoInput, output=EchoOutput, read_only=True, domain="noise")
    def echo(args, ctx):
        """Say it back."""
        return ToolResult(text=args["word"], structured=args)

    paths = openapi_document(fresh)["paths"]
    assert set(paths["/api/v1/noise/tools/echo"]) == {"get", "post"}
    assert paths["/api/v1/noise/tools/echo"]["get"]["parameters"][0]["name"] == "word"


def test_swagger_ui_is_served_from_this_server(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html and "//cdn" not in html and "https://" not in html
    for asset in ("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js", "api/docs.js"):
        assert finders.find(asset), asset  # served by the admin port's static handler (see the e2e test)
