"""Port -> domain routing (apps.core.listeners) and path matching (civicmind.routing)."""
import pytest

from apps.core import listeners
from civicmind.domains import DOMAINS
from civicmind.routing import match_endpoint

PORTS = {domain: 9300 + offset for offset, domain in enumerate(DOMAINS)}


@pytest.fixture(autouse=True)
def default_ports(settings):
    settings.CIVICMIND_DOMAIN_PORTS = dict(PORTS)
    settings.CIVICMIND_ADMIN_PORT = 8000


def scope(path: str, port: int | None, server_host: str = "127.0.0.1") -> dict:
    return {"type": "http", "path": path, "server": (server_host, port) if port else None}


@pytest.mark.parametrize("domain, port", PORTS.items())
def test_each_domain_port_maps_to_its_domain(domain, port):
    assert listeners.domain_for_port(port) == domain
    assert listeners.listener_domain(scope("/mcp", port)) == domain
    assert listeners.is_public_listener(scope("/mcp", port)) is True


@pytest.mark.parametrize("port", [8000, 9308, 54321, None])
def test_admin_unknown_and_missing_ports_are_the_all_domains_listener(port):
    assert listeners.domain_for_port(port) is None
    assert listeners.listener_domain(scope("/mcp", port)) == "all"
    assert listeners.is_public_listener(scope("/mcp", port)) is False


def test_port_of_reads_scope_server():
    assert listeners.port_of({"server": ("0.0.0.0", 9301)}) == 9301
    assert listeners.port_of({"server": ("/run/civic.sock", None)}) is None
    assert listeners.port_of({}) is None


def test_a_moved_port_moves_the_domain(settings):
    settings.CIVICMIND_DOMAIN_PORTS = {**PORTS, "noise": 10302}
    assert listeners.domain_for_port(10302) == "noise"
    assert listeners.domain_for_port(9302) is None


@pytest.mark.parametrize("path, port, expected", [
    # By port: the bare paths answer for the listener's domain.
    ("/mcp", 9300, ("mcp", "parking")),
    ("/mcp/", 9301, ("mcp", "permits")),
    ("/health", 9307, ("health", "environmental")),
    ("/events", 9305, ("events", "transportation")),
    # The admin port and unknown ports (runserver, a proxy) serve every domain.
    ("/mcp", 8000, ("mcp", "all")),
    ("/health", 8000, ("health", "all")),
    ("/mcp/zoning/", 8000, ("mcp", "zoning")),
    ("/health/parking", 54321, ("health", "parking")),
    ("/events/noise/", 8000, ("events", "noise")),
    ("/mcp/all/", 8000, ("mcp", "all")),
    # A domain port also answers its own domain by path (nginx passes paths through).
    ("/mcp/parking/", 9300, ("mcp", "parking")),
    ("/health/safety/", 9303, ("health", "safety")),
    # A domain port answers MCP at `/` as at /mcp (the seed guide's `--url http://localhost:9300`).
    ("/", 9300, ("mcp", "parking")),
    ("/", 9307, ("mcp", "environmental")),
    # Liveness and readiness (issue 14, item 6), bare and by domain path.
    ("/health/live", 9300, ("health", "parking")),
    ("/health/ready/", 8000, ("health", "all")),
    ("/health/zoning/ready", 8000, ("health", "zoning")),
    ("/health/zoning/live/", 9306, ("health", "zoning")),
])
def test_match_endpoint(path, port, expected):
    assert match_endpoint(scope(path, port)) == expected


@pytest.mark.parametrize("path, port", [
    ("/mcp/permits/", 9300),       # another domain on a domain port
    ("/health/noise/", 9300),
    ("/health/noise/ready", 9300),
    ("/health/ready/live", 8000),
    ("/mcp/all/", 9300),           # the all-domains endpoint is not public
    ("/mcp/library/", 8000),       # no such domain
    ("/mcp/parking/tools", 8000),  # nothing below the endpoint
    ("/admin/", 8000),
    ("/mcpx", 8000),
    ("/", 8000),                   # the admin port's landing page
])
def test_match_endpoint_refuses(path, port):
    assert match_endpoint(scope(path, port)) is None


def _metrics_scope(port):
    return {"type": "http", "path": "/metrics", "method": "GET", "server": ("127.0.0.1", port), "headers": []}


async def _route(scope):
    from civicmind.routing import HttpRouter

    reached, sent = [], []

    async def django_app(scope, receive, send):
        reached.append(scope["path"])

    async def send(message):
        sent.append(message)

    await HttpRouter(django_app)(scope, None, send)
    return reached, sent


async def test_metrics_stay_off_domain_ports_by_default(settings):
    settings.CIVICMIND_METRICS_ON_LISTENERS = False
    reached, sent = await _route(_metrics_scope(settings.CIVICMIND_DOMAIN_PORTS["parking"]))
    assert reached == []
    assert sent[0]["status"] == 404


async def test_metrics_on_domain_ports_when_each_listener_is_a_scrape_target(settings):
    settings.CIVICMIND_METRICS_ON_LISTENERS = True
    reached, _ = await _route(_metrics_scope(settings.CIVICMIND_DOMAIN_PORTS["parking"]))
    assert reached == ["/metrics"]
    reached, sent = await _route(dict(_metrics_scope(settings.CIVICMIND_DOMAIN_PORTS["parking"]), path="/admin/"))
    assert reached == [] and sent[0]["status"] == 404
