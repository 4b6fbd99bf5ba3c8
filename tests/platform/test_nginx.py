"""deploy/nginx.conf in a real nginx, in front of a real `serve` (skipped where nginx is absent).

The config is used as written; only the upstream addresses (compose service names) and the
listen port are swapped for this machine's: 127.0.0.1 and free ports.
"""
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

import httpx
import pytest
import websockets

from civicmind.domains import DOMAINS
from tests.platform.deployfiles import NGINX_FILE
from tests.servers import free_ports

NGINX = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
pytestmark = [pytest.mark.nginx, pytest.mark.skipif(NGINX is None, reason="nginx is not installed")]
PING = {"jsonrpc": "2.0", "id": 7, "method": "ping"}
MCP_HEADERS = {"accept": "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18"}


@dataclass
class Proxy:
    base: str  # port 9000: routing by path
    ports: dict[int, int]  # compose's public port -> where this test's nginx listens

    def url(self, compose_port: int, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[compose_port]}{path}"


def local_config(server, public_ports: dict[int, int]) -> str:
    """deploy/nginx.conf pointed at `server`, listening on `public_ports` ({compose port: free port})."""
    ports = {**server.ports, "admin": server.admin_port}

    def upstream(found: re.Match) -> str:
        return f"server 127.0.0.1:{ports[found['service']]};"

    def listen(found: re.Match) -> str:
        return f"listen 127.0.0.1:{public_ports[int(found[1])]};"

    def port_map_entry(found: re.Match) -> str:
        return f"{public_ports[int(found[1])]} {found[2]};"

    config = re.sub(r"server (?P<service>[a-z]+):\d+;", upstream, NGINX_FILE.read_text())
    config, listens = re.subn(r"listen (\d+);", listen, config)
    config, entries = re.subn(r"^\s+(\d{4}) (civicmind_[a-z]+);", port_map_entry, config, flags=re.MULTILINE)
    assert listens == len(public_ports) and entries == len(public_ports) - 1
    return config


@pytest.fixture(scope="module")
def proxy(civic_server, tmp_path_factory):
    directory = tmp_path_factory.mktemp("nginx")
    for sub in ("logs", "temp"):
        (directory / sub).mkdir()
    compose_ports = [9000, 8000, *range(9300, 9300 + len(DOMAINS))]
    public_ports = dict(zip(compose_ports, free_ports(len(compose_ports))))
    conf = directory / "nginx.conf"
    conf.write_text(local_config(civic_server, public_ports))
    globals_ = f"daemon off; pid {directory}/nginx.pid;"
    test = subprocess.run([NGINX, "-t", "-p", str(directory), "-e", "stderr", "-c", str(conf), "-g", globals_],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([NGINX, "-p", str(directory), "-e", "stderr", "-c", str(conf), "-g", globals_],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{public_ports[9000]}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/health", timeout=5)
            break
        except httpx.TransportError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.1)
    yield Proxy(base, public_ports)
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("domain", DOMAINS)
def test_health_by_domain_path_reaches_that_domains_listener(proxy, civic_server, domain):
    response = httpx.get(f"{proxy.base}/health/{domain}/")
    assert response.status_code == 200
    assert response.json()["domain"] == domain
    assert response.json()["port"] == civic_server.ports[domain]  # its own listener, not the admin


def test_mcp_by_domain_path_reaches_the_listener(proxy):
    response = httpx.post(f"{proxy.base}/mcp/permits/", json=PING, headers=MCP_HEADERS)
    assert response.status_code == 200
    assert response.json() == {"jsonrpc": "2.0", "id": 7, "result": {}}


def test_everything_else_reaches_the_admin(proxy, civic_server):
    health = httpx.get(f"{proxy.base}/health")
    assert health.json()["domain"] == "all"
    assert health.json()["port"] == civic_server.admin_port
    login = httpx.get(f"{proxy.base}/admin/login/")
    assert login.status_code == 200
    assert "CivicMind" in login.text


async def test_event_streams_upgrade_to_websockets_through_nginx(proxy):
    url = proxy.base.replace("http://", "ws://") + "/events/noise/"
    async with websockets.connect(url, open_timeout=10) as socket:
        await socket.send(json.dumps({"action": "ping"}))
        reply = json.loads(await socket.recv())
    assert reply == {"type": "pong"}


@pytest.mark.parametrize("offset, domain", list(enumerate(DOMAINS)))
def test_each_domain_port_reaches_its_listener(proxy, civic_server, offset, domain):
    response = httpx.get(proxy.url(9300 + offset, "/health"))
    assert response.status_code == 200
    assert response.json()["domain"] == domain
    assert response.json()["port"] == civic_server.ports[domain]


def test_the_admin_port_reaches_the_admin(proxy):
    assert httpx.get(proxy.url(8000, "/health")).json()["domain"] == "all"
    assert httpx.get(proxy.url(8000, "/admin/login/")).status_code == 200
    assert httpx.get(proxy.url(9301, "/admin/login/")).status_code == 404  # not on public ports


async def test_a_domain_port_upgrades_its_event_stream(proxy):
    async with websockets.connect(proxy.url(9302, "/events").replace("http://", "ws://"), open_timeout=10) as socket:
        await socket.send(json.dumps({"action": "ping"}))
        assert json.loads(await socket.recv()) == {"type": "pong"}


@pytest.mark.parametrize("path", ["/metrics", "//metrics", "/%6Detrics", "/metrics?format=text"])
def test_metrics_are_refused_on_every_public_port(proxy, civic_server, path):
    """Issue 11: port 9000's catch-all handed /metrics to the admin listener, token or not."""
    assert httpx.get(f"http://127.0.0.1:{civic_server.admin_port}/metrics").status_code == 200  # it is there
    for compose_port in proxy.ports:
        response = httpx.get(proxy.url(compose_port, path))
        assert response.status_code == 404, (compose_port, path)
        assert "django_http" not in response.text and "civicmind_" not in response.text
