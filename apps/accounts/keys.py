"""The key material: how a key is made, recognised and hashed (pure functions, no I/O).

A key is `cmk_` plus 43 URL-safe characters (256 random bits). With that much entropy an
unsalted SHA-256 is the right store: nothing to brute-force, one indexed lookup per key,
and no dependency on SECRET_KEY (rotating it must not invalidate every key).
"""
import hashlib
import re
import secrets

KEY_SCHEME = "cmk_"
SECRET_BYTES = 32
VISIBLE_LENGTH = 12  # "cmk_" and 8 characters: recognisable, useless to an attacker
KEY_RE = re.compile(r"^cmk_[A-Za-z0-9_-]{43}$")


def key_generate() -> str:
    """Return a new raw key; show it once, store only `key_digest(raw)`."""
    return KEY_SCHEME + secrets.token_urlsafe(SECRET_BYTES)


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def key_visible_prefix(raw: str) -> str:
    return raw[:VISIBLE_LENGTH]


def key_well_formed(raw: str) -> bool:
    """True when `raw` could be a key: anything else is refused without a database look-up."""
    return KEY_RE.match(raw) is not None
