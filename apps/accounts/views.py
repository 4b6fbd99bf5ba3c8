"""GET /metrics on the admin port: django-prometheus's exposition, optionally behind a token.

The domain ports never route here (civicmind.routing). Set CIVICMIND_METRICS_TOKEN to make
scrapers send `Authorization: Bearer <token>` when the admin port is reachable by others.
"""
import hmac

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView


@never_cache
@require_GET
def metrics_view(request):
    token = settings.CIVICMIND_METRICS_TOKEN
    if token:
        scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(), token.encode()):
            response = HttpResponse("Unauthorized: send Authorization: Bearer <CIVICMIND_METRICS_TOKEN>.\n",
                                    status=401, content_type="text/plain")
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    return ExportToDjangoView(request)
