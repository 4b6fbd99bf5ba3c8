"""Owner proofs for filed records: issue a short random code once, check it later.

A filing tool calls `access_code_issue(record)` and shows the code once; a tracking tool
calls `access_code_matches(record, code)` and, when it matches, answers the owner view
(apps.accounts.viewers). Codes are stored as SHA-256 digests only: the database never
holds a usable code. A record may hold several codes (a second resident's report merged
into the same issue gets its own), and any of them proves ownership.
"""
import hashlib
import hmac
import secrets

from apps.accounts.models import AccessCode

# No 0/O or 1/I/L: a code read over the phone is typed right.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31**10 ≈ 8e14: not guessable at any rate limit


def _digest(code: str) -> str:
    normalized = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalized.encode()).hexdigest()


def access_code_issue(record) -> str:
    """Make a new access code for `record`; return it, to be shown once."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    code = f"{raw[:5]}-{raw[5:]}"
    AccessCode.objects.create(record_type=record._meta.label_lower, object_id=str(record.pk),
                              code_hash=_digest(code))
    return code


def access_code_matches(record, code: str | None) -> bool:
    """True when `code` is the access code issued for `record` (False for no code)."""
    if not code or record is None:
        return False
    wanted = _digest(code)
    stored = AccessCode.objects.filter(record_type=record._meta.label_lower, object_id=str(record.pk),
                                       ).values_list("code_hash", flat=True)
    return any(hmac.compare_digest(digest, wanted) for digest in stored)
