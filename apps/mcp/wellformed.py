"""Refuse, once and at the edge, JSON whose strings cannot be encoded as UTF-8.

JSON may spell a lone UTF-16 surrogate (`"\\ud800"`); Python decodes it into a `str` that
no UTF-8 encoder accepts. Let in, such a string fails wherever it is written later: the
audit writer's COPY, a Prometheus label at scrape time, the JSON of the reply itself (an
id or method echoed back). Each of those failures happens after the request did its work,
so the edge decides instead: a body carrying one anywhere (keys included) is not valid
UTF-8 JSON and is refused with -32700 before anything runs. Surrogate pairs are fine: the
parser joins them into one character.
"""
import re

# Only an escape can produce a surrogate (raw surrogate bytes fail UTF-8 decoding), so a
# body without one needs no walk. Over-matching (an escaped backslash) only costs the walk.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_PATH_PARTS = 8


def may_hold_surrogates(raw: bytes) -> bool:
    """True when the raw body spells a UTF-16 surrogate escape somewhere."""
    return _SURROGATE_ESCAPE.search(raw) is not None


def lone_surrogate_path(value) -> str | None:
    """Return where the first lone surrogate sits ("$[0].params.name"), or None if none.

    Walks with an explicit stack: bodies nested as deep as the parser allows never hit
    the recursion limit here.
    """
    stack = [(value, "$")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return path
        elif isinstance(item, dict):
            for key, child in item.items():
                if _SURROGATE.search(key):
                    return f"{path} (a key)"
                stack.append((child, _join(path, f".{_printable(key)}")))
        elif isinstance(item, list):
            stack.extend((child, _join(path, f"[{index}]")) for index, child in enumerate(item))
    return None


def _join(path: str, part: str) -> str:
    """Extend a path, but keep it short: the error names the place, not the whole route."""
    if path.count(".") + path.count("[") >= MAX_PATH_PARTS:
        return path if path.endswith("…") else f"{path}…"
    return path + part


def _printable(key: str) -> str:
    return key if len(key) <= 40 else f"{key[:40]}…"
