"""Django URLs: the admin and /metrics (served on the admin port only, see civicmind.routing)."""
from django.contrib import admin
from django.urls import path

from apps.accounts.views import metrics_view

admin.site.site_header = "CivicMind city staff"
admin.site.site_title = "CivicMind"
admin.site.index_title = "City services"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("metrics", metrics_view, name="metrics"),
]
