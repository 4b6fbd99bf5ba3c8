"""Which era a request speaks, and the 2026-07-28 envelope checks.

A dual-era server chooses per request (2026-07-28/basic/versioning.mdx, "Backward
Compatibility"): a request carrying the modern per-request `_meta`, or an
MCP-Protocol-Version naming a modern version, is served statelessly; `initialize` selects
the handshake era. Over HTTP the mirrored headers must agree with the body (-32020); stdio
has no headers, so only the body is checked there.
"""
import base64
import binascii
import re

from apps.mcp import protocol as p

_BASE64_SENTINEL = re.compile(r"^=\?base64\?(?P<payload>.*)\?=$")


def is_modern(message: dict, header_version: str | None) -> bool:
    """True when `message` (a JSON-RPC object) is to be served the 2026-07-28 way."""
    if message.get("method") == "initialize":
        return False
    if header_version in p.MODERN_VERSIONS:
        return True
    params = message.get("params")
    meta = params.get("_meta") if isinstance(params, dict) else None
    return isinstance(meta, dict) and p.META_PROTOCOL_VERSION in meta


def decode_header_value(value: str | None) -> str | None:
    """Undo the `=?base64?...?=` sentinel of Mcp-Name; None for a malformed one."""
    if value is None:
        return None
    found = _BASE64_SENTINEL.fullmatch(value)
    if found is None:
        return value
    try:
        return base64.b64decode(found["payload"], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def _mismatch(message: str) -> p.JsonRpcError:
    return p.JsonRpcError(p.HEADER_MISMATCH, f"Header mismatch: {message}")


def check_headers(message: dict, meta_version, headers: dict) -> None:
    """Raise -32020 unless MCP-Protocol-Version, Mcp-Method and Mcp-Name mirror the body."""
    header_version = headers.get(p.HEADER_PROTOCOL_VERSION)
    if header_version is None:
        raise _mismatch("the MCP-Protocol-Version header is required and must equal "
                        f"params._meta[{p.META_PROTOCOL_VERSION!r}].")
    if header_version != meta_version:
        raise _mismatch(f"MCP-Protocol-Version header {header_version!r} does not match "
                        f"params._meta version {meta_version!r}.")
    method = message.get("method")
    header_method = headers.get(p.HEADER_METHOD)
    if header_method is None:
        raise _mismatch("the Mcp-Method header is required and must equal the request's method.")
    if header_method != method:
        raise _mismatch(f"Mcp-Method header {header_method!r} does not match body method {method!r}.")
    name_param = p.NAME_BEARING_PARAMS.get(method)
    if name_param is not None:
        body_value = message["params"].get(name_param)
        raw = headers.get(p.HEADER_NAME)
        if raw is None:
            raise _mismatch(f"the Mcp-Name header is required for {method} and must equal params.{name_param}.")
        if decode_header_value(raw) != body_value:
            raise _mismatch(f"Mcp-Name header {raw!r} does not match params.{name_param} {body_value!r}.")


def modern_envelope(message: dict, headers: dict | None) -> dict:
    """Validate a 2026-07-28 request's envelope and return its `_meta`.

    Order follows the spec's ladder: required `_meta` fields (-32602), then the headers
    against the body (-32020, HTTP only), then the version itself (-32022).
    """
    params = message.get("params")
    meta = params.get("_meta") if isinstance(params, dict) else None
    if not isinstance(meta, dict):
        raise p.JsonRpcError(p.INVALID_PARAMS,
                             f"params._meta must be an object carrying {p.META_PROTOCOL_VERSION!r} and "
                             f"{p.META_CLIENT_CAPABILITIES!r} (protocol version 2026-07-28).")
    missing = [key for key in (p.META_PROTOCOL_VERSION, p.META_CLIENT_CAPABILITIES) if key not in meta]
    if missing:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"params._meta lacks the required {', '.join(missing)}.",
                             {"missing": missing})
    version = meta[p.META_PROTOCOL_VERSION]
    if headers is not None:
        check_headers(message, version, headers)
    if not isinstance(version, str):
        raise p.JsonRpcError(p.INVALID_PARAMS, f"params._meta[{p.META_PROTOCOL_VERSION!r}] must be a string.")
    if version not in p.MODERN_VERSIONS:
        raise p.unsupported_version(version)
    return meta
