"""/open311/v2/: discovery, services, service definitions, requests and tokens, as .json or .xml."""
from django.urls import re_path

from apps.open311 import views

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + FORMAT, views.service_list, name="open311-services"),
    re_path(r"^services/(?P<service_code>[A-Za-z0-9_-]+)" + FORMAT, views.service_definition,
            name="open311-service"),
    re_path(r"^requests" + FORMAT, views.requests_view, name="open311-requests"),
    re_path(r"^requests/(?P<service_request_id>[A-Za-z0-9_-]+)" + FORMAT, views.request_detail,
            name="open311-request"),
    re_path(r"^tokens/(?P<token>[A-Za-z0-9_-]+)" + FORMAT, views.token_view, name="open311-token"),
]
