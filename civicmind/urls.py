"""Django URLs on the admin port (civicmind.routing keeps domain ports away from all of them):
the admin, /metrics, the landing page "View site" leads to, uploaded files for staff, and
the REST API (/api/v1/) and Open311 GeoReport v2 (/open311/v2/) for every other client.

The admin's sign-in form is the throttled one (apps.accounts.login_form): repeated failures
lock a username or client address for a while.
"""
from django.contrib import admin
from django.urls import include, path

from apps.accounts.files import staff_file_view
from apps.accounts.landing import favicon_view, landing_view
from apps.accounts.login_form import ThrottledAdminAuthenticationForm
from apps.accounts.views import metrics_view

admin.site.site_header = "CivicMind city staff"
admin.site.site_title = "CivicMind"
admin.site.index_title = "City services"
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_url = "/"  # the landing page: where each domain's MCP endpoint is

urlpatterns = [
    path("", landing_view, name="landing"),
    path("favicon.ico", favicon_view, name="favicon"),
    path("admin/", admin.site.urls),
    path("metrics", metrics_view, name="metrics"),
    # MEDIA_URL: the admin's file links (storage.url) lead here; staff with view permission only.
    path("media/<path:name>", staff_file_view, name="staff-file"),
    # Every tool and resource as REST, with its OpenAPI document (apps.api, docs/rest.md).
    path("api/v1/", include("apps.api.urls")),
    # Open311 GeoReport v2 for 311 apps and dashboards (apps.open311, docs/rest.md).
    path("open311/v2/", include("apps.open311.urls")),
    # The unsubscribe links of resident emails (apps.notifications, docs/events.md).
    path("notifications/", include("apps.notifications.urls")),
]
