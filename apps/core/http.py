"""Minimal ASGI helpers for the lean endpoints: headers, bounded body reads, JSON replies."""
import json

from apps.core.jsonlines import dumps_bytes


class BodyTooLarge(Exception):
    """The body grew past the limit; what was read so far is dropped."""


class ClientDisconnected(Exception):
    """The client went away before its body arrived: nobody is left to answer."""


def header_map(scope) -> dict[str, str]:
    """Return request headers with lower-case names (repeated headers joined by commas)."""
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


async def read_body(receive, limit: int) -> bytes:
    """Read the request body, refusing (without buffering further) past `limit` bytes."""
    chunks = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def dumps(payload) -> bytes:
    """Serialize compactly as UTF-8 (emoji and accents stay readable, not \\u-escaped).

    A string UTF-8 cannot carry (a lone surrogate: the edge refuses them in requests, but
    an answer must never be what stops a reply) is sent \\u-escaped instead.
    """
    try:
        return dumps_bytes(payload)
    except UnicodeEncodeError:
        return json.dumps(payload, ensure_ascii=True, separators=(",", ":"), default=str).encode("ascii")


async def send_bytes(send, status: int, body: bytes, *, content_type: str | None = "application/json",
                     extra_headers: list | None = None) -> None:
    headers = [(b"content-length", str(len(body)).encode())]
    if content_type:
        headers.append((b"content-type", content_type.encode()))
    headers.extend(extra_headers or [])
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def send_json(send, status: int, payload, *, extra_headers: list | None = None) -> None:
    await send_bytes(send, status, dumps(payload), extra_headers=extra_headers)
