"""The one ASGI application behind every listener (daphne, runserver, tests)."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicmind.settings")
django_asgi_app = get_asgi_application()  # sets Django up before app modules import models

from channels.routing import ProtocolTypeRouter  # noqa: E402

from civicmind.checks import refuse_insecure_serving  # noqa: E402
from civicmind.routing import HttpRouter  # noqa: E402
from apps.events.routing import websocket_application  # noqa: E402

refuse_insecure_serving()

application = ProtocolTypeRouter({
    "http": HttpRouter(django_asgi_app),
    "websocket": websocket_application,
})
