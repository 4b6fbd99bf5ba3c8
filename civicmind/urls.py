"""Django URLs: the admin and /metrics (served on the admin port only, see civicmind.routing).

The admin's sign-in form is the throttled one (apps.accounts.login_form): repeated failures
lock a username or client address for a while.
"""
from django.contrib import admin
from django.urls import path

from apps.accounts.login_form import ThrottledAdminAuthenticationForm
from apps.accounts.views import metrics_view

admin.site.site_header = "CivicMind city staff"
admin.site.site_title = "CivicMind"
admin.site.index_title = "City services"
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("metrics", metrics_view, name="metrics"),
]
