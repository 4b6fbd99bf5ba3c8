"""The REST operations, derived from the MCP registry: nothing here is declared by hand.

Every tool is `POST /api/v1/<domain>/tools/<name>` (arguments as a JSON object); a read-only
tool whose arguments are all plain values is also `GET` with them as query parameters.
Every resource `civicmind://<domain>/<path>` is `GET /api/v1/<domain>/<path>`, a template's
`{variables}` becoming path parameters. A tool or resource a domain adds tomorrow appears
here, in the OpenAPI document and on MCP at once.
"""
import re
from dataclasses import dataclass

from apps.mcp.registry import Registry, Resource, ResourceTemplate, Tool

API_PREFIX = "/api/v1"
RESOURCE_URI_RE = re.compile(r"^civicmind://(?P<domain>[a-z]+)/(?P<path>.+)$")
SCALAR_TYPES = {"string", "integer", "number", "boolean"}


@dataclass(frozen=True)
class ToolOperation:
    tool: Tool

    @property
    def path(self) -> str:
        return f"{API_PREFIX}/{self.tool.domain}/tools/{self.tool.name}"

    @property
    def operation_id(self) -> str:
        return self.tool.qualified_name()

    @property
    def query_parameters(self) -> dict | None:
        """The arguments as query parameters for GET, or None when the tool has no GET form."""
        if not self.tool.annotations["readOnlyHint"]:
            return None
        properties = self.tool.input_schema.get("properties", {})
        parameters = {name: query_schema(schema) for name, schema in properties.items()}
        return None if any(schema is None for schema in parameters.values()) else parameters


@dataclass(frozen=True)
class ResourceOperation:
    resource: Resource | ResourceTemplate
    path: str  # /api/v1/<domain>/<path>, {variables} kept as OpenAPI path templates

    @property
    def uri(self) -> str:
        return getattr(self.resource, "uri", None) or self.resource.uri_template

    @property
    def operation_id(self) -> str:
        return f"{self.resource.domain}_read_{self.resource.name.replace('-', '_')}"

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(getattr(self.resource, "variables", ()))

    def uri_for(self, values: dict) -> str:
        uri = self.uri
        for name, value in values.items():
            uri = uri.replace("{" + name + "}", value)
        return uri


def query_schema(schema: dict) -> dict | None:
    """A property's schema as a query parameter's (null dropped: absent means default), or None."""
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    kinds = [kind for kind in kinds if kind != "null"]
    if len(kinds) != 1 or kinds[0] not in SCALAR_TYPES:
        return None
    shaped = {key: value for key, value in schema.items() if key not in ("type", "default")}
    shaped["type"] = kinds[0]
    if "enum" in shaped:
        shaped["enum"] = [value for value in shaped["enum"] if value is not None]
    return shaped


def tool_operations(registry: Registry) -> list[ToolOperation]:
    return registry.view(("api-tools",), lambda: [ToolOperation(tool) for tool in registry.tools.values()])


def resource_operations(registry: Registry) -> list[ResourceOperation]:
    def build():
        operations = []
        for resource in [*registry.resources.values(), *registry.templates]:
            uri = getattr(resource, "uri", None) or resource.uri_template
            found = RESOURCE_URI_RE.match(uri)
            if found:
                operations.append(ResourceOperation(resource, f"{API_PREFIX}/{found['domain']}/{found['path']}"))
        return operations

    return registry.view(("api-resources",), build)


def find_tool_operation(registry: Registry, domain: str, name: str) -> ToolOperation | None:
    table = registry.view(("api-tools-by-name",), lambda: {
        (op.tool.domain, op.tool.name): op for op in tool_operations(registry)})
    return table.get((domain, name))


def find_resource_operation(registry: Registry, path: str) -> tuple[ResourceOperation, dict] | None:
    """The resource operation whose path matches `path` (fixed paths first), with its variables."""
    for operation in resource_operations(registry):
        if not operation.variables and operation.path == path:
            return operation, {}
    for operation in resource_operations(registry):
        if operation.variables:
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(operation.path))
            found = re.fullmatch(pattern, path)
            if found:
                return operation, found.groupdict()  # Django decoded the path already
    return None
