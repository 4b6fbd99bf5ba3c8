"""Redact what an audit row must not keep: secrets, and file contents sent as base64.

By name: anything that looks like a credential (token, password, secret, card, cvv, pin,
an owner's access code, key, api key, auth, bearer, authorization) becomes "[redacted]"; file fields (photo,
documents, attachments, anything *_base64) become a note of their size. By value, whatever
the name (`scrub_text`): a card number (13-19 digits passing Luhn, spaces or dashes
allowed), an API key by its prefix (`cmk_…`), a bearer token or a JWT is replaced inside
the text; a data: URL or a long run of base64 is a file. Long free text is cut, so one call
cannot bloat the log. NUL characters and lone surrogates become U+FFFD: the database
stores neither.
"""
import re

REDACTED = "[redacted]"
CARD_REDACTED = "[card number redacted]"
KEY_REDACTED = "[api key redacted]"
TOKEN_REDACTED = "[token redacted]"
SECRET_NAME_RE = re.compile(
    r"(token|passw|secret|card|cvv|cvc|access[-_]?code|(^|_)pin($|_)|api[-_]?key|authori[sz]ation|credential|ssn|session"
    r"|bearer|(^|[-_.])auth($|[-_.])|^(x[-_])?((access|private|signing|auth)[-_]?)?key$)",
    re.IGNORECASE,
)
# 13-19 digits, single spaces or dashes between them (how people type card numbers).
CARD_RE = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
API_KEY_RE = re.compile(r"\b(?:cmk_|sk_live_|sk_test_|rk_live_|ghp_|github_pat_|xox[abpr]-)[A-Za-z0-9_\-]{8,}")
BEARER_RE = re.compile(r"\b(bearer|basic)\s+[A-Za-z0-9._~+/=\-]{8,}", re.IGNORECASE)
JWT_RE = re.compile(r"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_DIGIT_RE = re.compile(r"\d")
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


def luhn_valid(digits: str) -> bool:
    """True when `digits` passes the Luhn check every payment card number passes."""
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = ord(digit) - 48
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_or_text(found: re.Match) -> str:
    digits = re.sub(r"[ -]", "", found.group())
    return CARD_REDACTED if luhn_valid(digits) else found.group()


def scrub_text(text: str) -> str:
    """Replace card numbers, API keys, bearer tokens and JWTs inside `text`, whatever it is."""
    if len(text) >= 13 and len(_DIGIT_RE.findall(text[:10_000])) >= 13:
        text = CARD_RE.sub(_card_or_text, text)
    if "_" in text or "-" in text:
        text = API_KEY_RE.sub(KEY_REDACTED, text)
    if " " in text or "\t" in text:
        text = BEARER_RE.sub(lambda found: f"{found.group(1)} {REDACTED}", text)
    if "eyJ" in text:
        text = JWT_RE.sub(TOKEN_REDACTED, text)
    return text


def _redact_text(text: str) -> str:
    if "\x00" in text:  # PostgreSQL's text and jsonb refuse NUL: one such row would stall the writer
        text = text.replace("\x00", "\ufffd")
    if not text.isascii():
        text = _SURROGATE_RE.sub("\ufffd", text)  # no UTF-8 for them: the same stall
    if text.startswith("data:") and ";base64," in text[:100]:
        return _file_note(text)
    if len(text) >= 256 and BASE64_RUN_RE.match(text):
        return _file_note(text)
    text = scrub_text(text)
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
            name = _redact_text(str(key))
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
