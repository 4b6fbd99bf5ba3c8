"""Serve one domain (or all) over stdio: `python manage.py mcp_stdio parking`.

For MCP hosts that launch a local process (Claude Desktop). stdout carries protocol
messages only, so the real stdout is kept for them and file descriptor 1 is pointed at
stderr: a stray print, a warning or a library's chatter lands in the log, not in the
client's JSON stream. CIVICMIND_API_KEY, when set, is the caller's API key.
"""
import asyncio
import os
import sys

from django.core.management.base import BaseCommand

from apps.mcp.stdio import StdioServer
from civicmind.domains import ALL_DOMAINS, DOMAINS


def protocol_stdout():
    """Return a binary stream on the real stdout and send everything else written to fd 1 to stderr."""
    sys.stdout.flush()
    protocol = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return protocol


class Command(BaseCommand):
    help = "Serve MCP over stdio (newline-delimited JSON-RPC) for one domain, or all of them."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("domain", choices=[*DOMAINS, ALL_DOMAINS],
                            help="The domain whose tools to serve, or 'all' for every domain (names prefixed).")

    def handle(self, *args, domain, **options):
        out = protocol_stdout()
        self.stderr.write(f"civicmind mcp_stdio: serving {domain} on stdin/stdout")
        server = StdioServer(domain, sys.stdin.buffer, out)
        try:
            asyncio.run(server.serve())
        except KeyboardInterrupt:
            pass
        finally:
            out.close()
