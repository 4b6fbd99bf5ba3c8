"""Redact what an audit row must not keep: secrets, and file contents sent as base64.

By name: anything that looks like a credential (token, password, secret, card, cvv, pin,
api key, authorization) becomes "[redacted]"; file fields (photo, documents, attachments,
anything *_base64) become a note of their size. By value: a data: URL or a long run of
base64 is a file whatever its name. Long free text is cut, so one call cannot bloat the log.
NUL characters become U+FFFD: the database stores no NUL.
"""
import re

REDACTED = "[redacted]"
SECRET_NAME_RE = re.compile(
    r"(token|passw|secret|card|cvv|cvc|(^|_)pin($|_)|api_?key|authori[sz]ation|credential|ssn|session)",
    re.IGNORECASE,
)
FILE_NAMES = frozenset({"photo", "photos", "image", "images", "document", "documents", "attachment",
                        "attachments", "file", "files"})
FILE_SUFFIXES = ("_base64", "_b64", "_file", "_photo", "_image")
BASE64_RUN_RE = re.compile(r"^[A-Za-z0-9+/=_\-\r\n]{256,}$")  # MIME line breaks, no spaces
MAX_TEXT = 1000
MAX_DEPTH = 6
MAX_ITEMS = 50


def _is_file_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in FILE_NAMES or lowered.endswith(FILE_SUFFIXES)


def _file_note(value) -> str:
    if isinstance(value, str):
        return f"[file content redacted: {len(value)} characters]"
    if isinstance(value, list):
        return f"[file content redacted: {len(value)} item(s)]"
    return "[file content redacted]"


def _redact_text(text: str) -> str:
    if "\x00" in text:  # PostgreSQL's text and jsonb refuse NUL: one such row would stall the writer
        text = text.replace("\x00", "\ufffd")
    if text.startswith("data:") and ";base64," in text[:100]:
        return _file_note(text)
    if len(text) >= 256 and BASE64_RUN_RE.match(text):
        return _file_note(text)
    if len(text) > MAX_TEXT:
        return f"{text[:MAX_TEXT]}… [{len(text) - MAX_TEXT} more characters]"
    return text


def redact(value, depth: int = 0):
    """Return a JSON-safe copy of `value` with secrets and file contents taken out."""
    if depth > MAX_DEPTH:
        return "[nested too deep]"
    if isinstance(value, dict):
        cleaned = {}
        for key, item in list(value.items())[:MAX_ITEMS]:
            name = str(key).replace("\x00", "\ufffd")
            if SECRET_NAME_RE.search(name):
                cleaned[name] = REDACTED
            elif _is_file_name(name) and not isinstance(item, dict):
                cleaned[name] = _redact_file_field(item, depth)
            else:
                cleaned[name] = redact(item, depth + 1)
        return cleaned
    if isinstance(value, (list, tuple)):
        return [redact(item, depth + 1) for item in value[:MAX_ITEMS]]
    if isinstance(value, str):
        return _redact_text(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return _redact_text(str(value))


def _redact_file_field(item, depth: int):
    """A file field: lists of objects keep their shape (name, type), contents go."""
    if isinstance(item, list) and item and all(isinstance(entry, dict) for entry in item):
        return [redact(entry, depth + 1) for entry in item[:MAX_ITEMS]]
    if item is None or isinstance(item, (bool, int, float)):
        return item
    return _file_note(item)
