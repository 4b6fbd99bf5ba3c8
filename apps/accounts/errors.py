"""JSON-RPC error codes and messages of access control, asserted verbatim by the tests.

JSON-RPC leaves -32000..-32099 to the implementation: -32001 says "who are you?" (HTTP
401), -32003 "this tool needs a key you do not have" (a known tool beyond the caller's
level or domains, answered like any tool error, HTTP 200), -32029 "slow down" (429); a database that cannot answer (a key that cannot be checked, a
tool that cannot read) is an internal error answered 503 with Retry-After, for every caller.
"""
UNAUTHORIZED = -32001
FORBIDDEN = -32003
RATE_LIMITED = -32029
UNAVAILABLE = -32603  # internal error: the database cannot answer (any caller, keyed or not)

API_KEY_REQUIRED_MESSAGE = (
    "Unauthorized: this server requires an API key. Send it as X-API-Key: <key> or "
    "Authorization: Bearer <key>."
)
API_KEY_INVALID_MESSAGE = "Unauthorized: the API key is not valid. Check it, or ask city staff for a new one."
API_KEY_EXPIRED_MESSAGE = "Unauthorized: the API key {prefix}… has expired. Ask city staff for a new one."
API_KEY_REVOKED_MESSAGE = "Unauthorized: the API key {prefix}… has been revoked. Ask city staff for a new one."
# A documented tool is named, not hidden: the caller learns what key it takes.
TOOL_NEEDS_KEY_MESSAGE = (
    "{tool} is a {level} tool: it needs an API key with the {level} level for {domains}. "
    "Send it as X-API-Key: <key> or Authorization: Bearer <key> (city staff create keys)."
)
TOOL_KEY_TOO_LOW_MESSAGE = (
    "{tool} is a {level} tool: it needs an API key with the {level} level for {domains}; "
    "the key {prefix}… does not have it. Ask city staff for one that does."
)
UNAVAILABLE_RETRY_AFTER_SECONDS = 5
UNAVAILABLE_MESSAGE = (
    "Service unavailable: the city's database is not answering right now. Retry in 5 seconds "
    "(HTTP 503, Retry-After)."
)
RATE_LIMITED_MESSAGE = (
    "Too many requests: the limit is {limit} requests per {window} seconds for this {scope}. "
    "Retry after {retry_after} seconds."
)

WWW_AUTHENTICATE = [(b"www-authenticate", b'Bearer realm="civicmind"')]


# --- service errors (apps.core.errors.ServiceError codes) -----------------------------
class AccountsErrorCode:
    NAME_REQUIRED = "name_required"
    UNKNOWN_DOMAIN = "unknown_domain"
    UNKNOWN_LEVEL = "unknown_level"
    EXPIRY_IN_PAST = "expiry_in_past"


NAME_REQUIRED_MESSAGE = "Give the key a name that says what it is for."
UNKNOWN_DOMAIN_MESSAGE = "Unknown domain(s): {unknown}. Domains are: {known}."
UNKNOWN_LEVEL_MESSAGE = "Unknown access level {level!r}. Levels are: public, resident, staff."
EXPIRY_IN_PAST_MESSAGE = "The expiry ({expires_at}) is already past; give a future time or none."
