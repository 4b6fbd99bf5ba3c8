"""Idempotency keys for write tools: one argument declaration and one request digest, for every domain.

A client that lost an answer retries with the same key; the service stores the key on a
UniqueConstraint next to a digest of the request, replays the first answer for the same
request and refuses the key for a different one (docs/parking.md, "idempotency").
"""
import hashlib
import json

from django.core.validators import RegexValidator
from rest_framework import serializers

KEY_PATTERN = RegexValidator(r"^[A-Za-z0-9_.:-]+$", "Use letters, digits, '_', '-', '.', ':' only.")


def idempotency_key_field(*, help_text: str) -> serializers.CharField:
    """Return the optional `idempotency_key` argument of a write tool (8-64 safe characters)."""
    return serializers.CharField(required=False, min_length=8, max_length=64, validators=[KEY_PATTERN],
                                 help_text=help_text)


def request_fingerprint(payload: dict) -> str:
    """Return a stable digest of what a request asks for, to tell a retry from another request."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
