"""Signed unsubscribe links: the token is the proof, so the link needs no sign-in.

The token carries the email, domain and reference it was made for, signed with SECRET_KEY
under its own salt (a token from another part of Django cannot be replayed here). It does
not expire, and carries no timestamp: an unsubscribe link in an old email must keep working,
and the link in an email's body and in its List-Unsubscribe header are the same one.
"""
from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "civicmind.notifications.unsubscribe"


def unsubscribe_token(*, email: str, domain: str, reference: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"e": email, "d": domain, "r": reference}, compress=True)


def unsubscribe_scope(token: str) -> dict | None:
    """Return {"email", "domain", "reference"} of a genuine token, or None."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        return None
    return {"email": data["e"], "domain": str(data.get("d", "")), "reference": str(data.get("r", ""))}


def unsubscribe_url(*, email: str, domain: str, reference: str) -> str:
    """The absolute link, on the admin listener residents reach at CIVICMIND_PUBLIC_URL."""
    token = unsubscribe_token(email=email, domain=domain, reference=reference)
    return settings.CIVICMIND_PUBLIC_URL + reverse("notifications:unsubscribe", args=[token])
