"""A tiny, test-only tool set and in-process clients for the MCP machinery.

The machinery tests never depend on what the domain apps declare: they build a fresh
Registry with a handful of tools, a resource, a template and a prompt, and talk to an
McpEndpoint bound to it through httpx's ASGI transport (no sockets, no Django request cycle).
"""
from decimal import Decimal

import httpx
import pytest
from rest_framework import serializers

from apps.core.errors import ServiceError
from apps.mcp import protocol as p
from apps.mcp.registry import PromptArgument, Registry, ToolResult
from apps.mcp.transport import McpEndpoint


@pytest.fixture(autouse=True)
def _worker_threads_without_connections():
    """Start each machinery test with worker threads that hold no database connection.

    A worker thread keeps its connection between jobs (apps.core.workers); one opened by an
    earlier test that had the database is checked again after this test's first job, and
    pytest-django refuses any database touch in a test without the database mark.
    """
    from apps.core.workers import shutdown

    shutdown()


CITATIONS = {"VIO-1": "Expired meter, $25.00", "VIO-2": "Blocked driveway, $75.00", "VAN-9": "Street sweeping"}
MODERN_META = {
    p.META_PROTOCOL_VERSION: "2026-07-28",
    p.META_CLIENT_INFO: {"name": "tests", "version": "1.0"},
    p.META_CLIENT_CAPABILITIES: {},
}


class EchoInput(serializers.Serializer):
    text = serializers.CharField(max_length=40, help_text="Text to repeat.")
    times = serializers.IntegerField(min_value=1, max_value=3, default=1, help_text="How many times.")


class EchoOutput(serializers.Serializer):
    text = serializers.CharField()
    times = serializers.IntegerField()
    fee = serializers.DecimalField(max_digits=8, decimal_places=2)

    class Meta:  # what the public sees (apps.accounts.viewers): a field is private until declared
        public_fields = ("text", "times", "fee")


class PlateInput(serializers.Serializer):
    plate = serializers.CharField(max_length=8, help_text="License plate.")


class NoInput(serializers.Serializer):
    pass


def build_registry() -> Registry:
    registry = Registry()

    @registry.tool(name="echo", title="Echo", input=EchoInput, output=EchoOutput, read_only=True,
                   domain="parking")
    def echo(args, ctx):
        """Repeat the text.

        Second paragraph, not part of the description."""
        text = " ".join([args["text"]] * args["times"])
        return ToolResult(text=f"**Echo**: {text}",
                          structured={"text": text, "times": args["times"], "fee": Decimal("2.5")})

    @registry.tool(name="refuse", title="Refuse", input=PlateInput, domain="parking")
    def refuse(args, ctx):
        """Always refuse, the way a service refuses a resident."""
        raise ServiceError("plate_unknown", f"No vehicle with plate {args['plate']}; check the plate and retry.",
                           field="plate")

    @registry.tool(name="crash", title="Crash", input=NoInput, read_only=True, domain="parking")
    def crash(args, ctx):
        """Fail the way a bug fails."""
        raise RuntimeError("secret internals")

    @registry.tool(name="whoami", title="Who am I", input=NoInput, domain="permits",
                   idempotent=True)
    def whoami(args, ctx):
        """Tell the caller what the server knows of the call."""
        return ToolResult(text=f"{ctx.domain} {ctx.listener} {ctx.protocol_version}",
                          structured={"domain": ctx.domain, "user_context": ctx.user_context})

    @registry.resource(uri="civicmind://parking/zones", name="zones", title="Parking zones", domain="parking")
    def zones():
        """The parking zones."""
        return {"zones": ["A", "B"]}

    @registry.resource(uri="civicmind://parking/rules.txt", name="rules", title="Rules", mime_type="text/plain",
                       domain="parking")
    def rules():
        """The rules, as text."""
        return "Pay within 30 days."

    def complete_citation(value, context):
        return sorted(number for number in CITATIONS if number.startswith(value.upper()))

    @registry.resource_template(uri_template="civicmind://parking/citations/{citation_number}", name="citation",
                                title="A citation", mime_type="text/plain", domain="parking",
                                completions={"citation_number": complete_citation})
    def citation(citation_number):
        """One citation by number."""
        if citation_number not in CITATIONS:
            raise ServiceError("not_found", f"No citation {citation_number}.")
        return CITATIONS[citation_number]

    @registry.prompt(name="explain_citation", title="Explain a citation", domain="parking",
                     arguments=(PromptArgument("citation_number", "The citation number.", required=True),
                                PromptArgument("tone", "friendly or formal")),
                     completions={"citation_number": complete_citation})
    def explain_citation(citation_number, tone="friendly"):
        """Explain a citation to a resident."""
        if citation_number not in CITATIONS:
            raise ServiceError("not_found", f"No citation {citation_number}.")
        return [f"Explain citation {citation_number} ({CITATIONS[citation_number]}) in a {tone} tone."]

    return registry


@pytest.fixture
def tiny_registry() -> Registry:
    return build_registry()


def asgi_app(endpoint, domain: str):
    """Put the domain in the scope, as civicmind.routing does, and call the endpoint."""

    async def app(scope, receive, send):
        scope = dict(scope, **{"civicmind.domain": domain, "civicmind.listener": domain})
        await endpoint(scope, receive, send)

    return app


@pytest.fixture
def mcp_client(tiny_registry):
    """Return a factory of httpx clients speaking to an in-process endpoint of `domain`."""

    def make(domain: str = "parking") -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=asgi_app(McpEndpoint(registry=tiny_registry), domain))
        return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:9300")

    return make


async def post(client: httpx.AsyncClient, body, headers: dict | None = None, **kwargs) -> httpx.Response:
    """POST a JSON body (or raw bytes via content=) to /mcp."""
    if "content" not in kwargs:
        kwargs["json"] = body
    return await client.post("/mcp", headers=headers or {}, **kwargs)


def rpc(method: str, params: dict | None = None, id=1) -> dict:
    message = {"jsonrpc": "2.0", "method": method}
    if id is not None:
        message["id"] = id
    if params is not None:
        message["params"] = params
    return message


def modern(method: str, params: dict | None = None, id=1, *, name: str | None = None) -> tuple[dict, dict]:
    """A 2026-07-28 request and the headers a conforming client sends with it."""
    body = rpc(method, {**(params or {}), "_meta": dict(MODERN_META)}, id=id)
    headers = {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": method}
    if name is not None:
        headers["Mcp-Name"] = name
    return body, headers
