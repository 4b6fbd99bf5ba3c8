"""The admin port's front door: "/" lists the listeners; /favicon.ico is CivicMind's icon.

The admin's "View site" link goes to "/", which used to be a 404 (a 500 when logged in).
City staff land on a page that says where each domain's MCP endpoint and event stream are,
the facts they are asked for when connecting an assistant. No data, no login needed: it
shows only what the ports already tell anyone who can reach them.
"""
from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.views.decorators.http import require_safe

from civicmind.domains import DOMAINS

PAGE = engines["django"].from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CivicMind</title>
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd}
code{background:#f4f4f4;padding:0 .2rem}</style></head>
<body><h1>CivicMind</h1>
<p>City services for AI assistants over MCP, and for city staff in the
<a href="{{ admin_url }}">admin</a>.</p>
<h2>Listeners</h2>
<table><thead><tr><th>Domain</th><th>MCP endpoint</th><th>Events</th><th>On this port</th></tr></thead>
<tbody><tr><td>all domains (admin)</td><td><code>{{ scheme }}://{{ host }}:{{ admin_port }}/mcp</code></td>
<td><code>{{ ws }}://{{ host }}:{{ admin_port }}/events</code></td><td><code>/mcp</code></td></tr>
{% for row in rows %}<tr><td>{{ row.domain }}</td><td><code>{{ scheme }}://{{ host }}:{{ row.port }}/mcp</code></td>
<td><code>{{ ws }}://{{ host }}:{{ row.port }}/events</code></td><td><code>/mcp/{{ row.domain }}/</code></td></tr>
{% endfor %}</tbody></table>
<p>Health: <code>/health</code> on every port. Behind the bundled nginx, port 9000 routes
<code>/mcp/&lt;domain&gt;/</code> to each domain.</p>
</body></html>
""")

# A speech bubble on the city's blue: small enough to inline, no static file to collect.
ICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
        b'<rect width="16" height="16" rx="3" fill="#264b5d"/>'
        b'<path d="M4 4h8v6H7l-3 2z" fill="#fff"/></svg>')


def _hostname(request) -> str:
    host = request.get_host()
    name, colon, port = host.rpartition(":")
    return name if colon and port.isdigit() else host  # "[::1]:8000" -> "[::1]"


@require_safe
def landing_view(request):
    """List the listeners: where an assistant connects to each domain."""
    secure = request.is_secure()
    context = {
        "admin_url": "/admin/",
        "scheme": "https" if secure else "http",
        "ws": "wss" if secure else "ws",
        "host": _hostname(request),
        "admin_port": settings.CIVICMIND_ADMIN_PORT,
        "rows": [{"domain": domain, "port": settings.CIVICMIND_DOMAIN_PORTS[domain]} for domain in DOMAINS],
    }
    return HttpResponse(PAGE.render(context, request))


@require_safe
def favicon_view(request):
    """Answer browsers' /favicon.ico with the icon instead of a logged 404."""
    response = HttpResponse(ICON, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
