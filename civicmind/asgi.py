"""The one ASGI application behind every listener (daphne, runserver, tests).

    daphne -b 0.0.0.0 -p 9301 civicmind.asgi:application    # one listener (permits)
    python manage.py serve                                   # all nine in one process
"""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicmind.settings")
django_asgi_app = get_asgi_application()  # sets Django up before app modules import models

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from civicmind.checks import refuse_insecure_serving  # noqa: E402
from civicmind.daphne_requests import skip_form_parsing  # noqa: E402
from civicmind.routing import HttpRouter  # noqa: E402
from civicmind.startup_heap import freeze_startup_heap  # noqa: E402
from apps.accounts.websocket import ApiKeyWebsocketMiddleware  # noqa: E402
from apps.events.routing import websocket_application  # noqa: E402

refuse_insecure_serving()
skip_form_parsing()

if settings.CIVICMIND_SERVE_STATIC:
    # The admin's own CSS/JS, found in the installed apps: no web server or collectstatic
    # needed. Reached only through the admin port (the router 404s /static on domain ports).
    django_asgi_app = ASGIStaticFilesHandler(django_asgi_app)

application = ProtocolTypeRouter({
    "http": HttpRouter(django_asgi_app),
    "websocket": ApiKeyWebsocketMiddleware(websocket_application),
})
freeze_startup_heap()  # last: everything above lives as long as the process
