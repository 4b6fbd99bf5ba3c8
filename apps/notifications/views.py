"""The unsubscribe page an email's link opens (on the admin listener, no sign-in).

GET only asks: link scanners and mail previews fetch links, and must not unsubscribe
anyone. POST records the opt-out; it is also what a mail client's one-click unsubscribe
sends (RFC 8058), which carries no CSRF token: the signed token is the proof instead.
"""
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.notifications.services import notification_opt_out
from apps.notifications.unsubscribe import unsubscribe_scope

TEMPLATE = "notifications/unsubscribe.html"


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request, token: str):
    scope = unsubscribe_scope(token)
    if scope is None:
        return render(request, TEMPLATE, {"invalid": True}, status=404)
    if request.method != "POST":
        return render(request, TEMPLATE, {"scope": scope})
    everything = request.POST.get("scope") == "all"
    notification_opt_out(email=scope["email"], domain="" if everything else scope["domain"],
                         reference="" if everything else scope["reference"])
    return render(request, TEMPLATE, {"scope": scope, "done": True, "everything": everything})
