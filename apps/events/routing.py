"""WebSocket routes: /events on every listener, /events/<domain>/ by path."""
from channels.routing import URLRouter
from django.urls import re_path

from apps.events.consumers import EventStreamConsumer

websocket_urlpatterns = [
    re_path(r"^events/?$", EventStreamConsumer.as_asgi()),
    re_path(r"^events/(?P<domain>[a-z]+)/?$", EventStreamConsumer.as_asgi()),
]

websocket_application = URLRouter(websocket_urlpatterns)
