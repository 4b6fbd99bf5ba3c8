"""The `idempotency_key` every write tool takes, declared once for the whole registry.

A tool that writes (declared without `read_only=True`) and does not take the key itself
gets it from here: the registry adds it to the tool's `inputSchema`, and the call layer
(apps.mcp.replays) takes it out of the arguments before the tool's own serializer sees
them. Tools whose serializer declares `idempotency_key` themselves keep their domain's
own handling (a key on the domain row: parking, permits, noise, safety, utilities,
zoning, environmental filings), which predates this mechanism and answers `replayed`.
"""
from rest_framework import serializers

from apps.core.idempotency import idempotency_key_field
from apps.mcp.schema import serializer_schema

KEY_ARGUMENT = "idempotency_key"

KEY_HELP = ("Optional: a fresh unique string (a UUID) for this request, 8-64 letters, digits, '_', '-', "
            "'.', ':'. If the answer is lost, retry with the same key: the first answer is returned and "
            "nothing is done twice. The same key with different arguments is refused.")


class IdempotencyKeyInput(serializers.Serializer):
    """The one argument the call layer adds to every write tool that lacks its own."""

    idempotency_key = idempotency_key_field(help_text=KEY_HELP)


def declares_own_key(input_serializer: type) -> bool:
    """True when the tool's arguments already name `idempotency_key` (the domain handles it)."""
    return KEY_ARGUMENT in getattr(input_serializer, "_declared_fields", {})


def with_key_argument(input_schema: dict) -> dict:
    """Return `input_schema` with the optional `idempotency_key` property added."""
    key = serializer_schema(IdempotencyKeyInput, for_input=True)["properties"][KEY_ARGUMENT]
    return {**input_schema, "properties": {**input_schema["properties"], KEY_ARGUMENT: key}}
