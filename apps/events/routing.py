"""WebSocket routes: /events on every listener, /events/<domain>/ by path; nothing else.

A WebSocket to any other path is refused before the handshake completes (daphne answers
HTTP 403) and logged at info: Channels' URLRouter would raise instead, which daphne turns
into a 500 with a traceback in the log for every stray client or scanner.
"""
import logging

from channels.routing import URLRouter
from django.urls import re_path

from apps.events.consumers import EventStreamConsumer

logger = logging.getLogger("civicmind.events")

CLOSE_NO_ROUTE = 4404


async def refuse_unknown_path(scope, receive, send):
    """Deny the handshake of a WebSocket to a path that serves none."""
    message = await receive()
    if message["type"] == "websocket.connect":
        client = scope.get("client") or ("?", None)
        logger.info("websocket to unknown path %r from %s refused", scope.get("path"), client[0])
        await send({"type": "websocket.close", "code": CLOSE_NO_ROUTE})


websocket_urlpatterns = [
    re_path(r"^events/?$", EventStreamConsumer.as_asgi()),
    re_path(r"^events/(?P<domain>[a-z]+)/?$", EventStreamConsumer.as_asgi()),
    re_path(r"", refuse_unknown_path),
]

websocket_application = URLRouter(websocket_urlpatterns)
