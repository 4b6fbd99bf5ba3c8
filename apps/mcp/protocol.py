"""JSON-RPC 2.0 and MCP vocabulary: versions, error codes, headers and the protocol error.

Names follow the specification's schema.ts, so the code reads like the spec it implements.
"""

JSONRPC_VERSION = "2.0"

# The handshake era, oldest first; initialize counter-offers the newest of these.
LEGACY_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
LATEST_LEGACY_VERSION = LEGACY_VERSIONS[-1]
# Without an MCP-Protocol-Version header a legacy request is taken as 2025-03-26
# (2025-11-25/basic/transports.mdx, "Protocol Version Header").
DEFAULT_HEADER_VERSION = "2025-03-26"
# The only version whose JSON-RPC batches a server must receive.
BATCH_VERSION = "2025-03-26"
# The stateless era: no initialize, per-request _meta, server/discover.
MODERN_VERSIONS = ("2026-07-28",)
LATEST_MODERN_VERSION = MODERN_VERSIONS[-1]
SUPPORTED_VERSIONS = LEGACY_VERSIONS + MODERN_VERSIONS
# structuredContent and outputSchema exist from this version on.
STRUCTURED_CONTENT_SINCE = "2025-06-18"
# Tool annotations and the completions capability exist from this version on.
ANNOTATIONS_SINCE = "2025-03-26"
COMPLETIONS_CAPABILITY_SINCE = "2025-03-26"
# title fields exist from this version on.
TITLES_SINCE = "2025-06-18"

# Reserved _meta keys of the stateless era (2026-07-28/basic/index.mdx, "_meta").
META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion"
META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo"
META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities"
META_SERVER_INFO = "io.modelcontextprotocol/serverInfo"

# Request headers, lower-case as ASGI delivers them.
HEADER_PROTOCOL_VERSION = "mcp-protocol-version"
HEADER_METHOD = "mcp-method"
HEADER_NAME = "mcp-name"
HEADER_SESSION_ID = "mcp-session-id"  # handshake era only; 2026-07-28 ignores it
# Methods whose Mcp-Name header mirrors a body parameter.
NAME_BEARING_PARAMS = {"tools/call": "name", "prompts/get": "name", "resources/read": "uri"}

RESULT_COMPLETE = "complete"

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
RESOURCE_NOT_FOUND = -32002  # handshake era only; 2026-07-28 answers -32602
HEADER_MISMATCH = -32020
MISSING_REQUIRED_CLIENT_CAPABILITY = -32021
UNSUPPORTED_PROTOCOL_VERSION = -32022

# 2026-07-28 ties the HTTP status to the error (streamable-http.mdx, "Protocol Version
# Header" and "Server Validation"); unlisted codes, -32603 among them, answer 200.
MODERN_ERROR_STATUS = {
    PARSE_ERROR: 400,
    INVALID_REQUEST: 400,
    INVALID_PARAMS: 400,
    HEADER_MISMATCH: 400,
    MISSING_REQUIRED_CLIENT_CAPABILITY: 400,
    UNSUPPORTED_PROTOCOL_VERSION: 400,
    METHOD_NOT_FOUND: 404,
}


class JsonRpcError(Exception):
    """A protocol-level failure, answered as a JSON-RPC error object."""

    def __init__(self, code: int, message: str, data=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def as_error(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


def unsupported_version(requested) -> JsonRpcError:
    """The -32022 error naming every version served, so a client can pick one and retry."""
    return JsonRpcError(
        UNSUPPORTED_PROTOCOL_VERSION,
        f"Unsupported protocol version: {requested}. Supported: {', '.join(SUPPORTED_VERSIONS)}.",
        {"supported": list(SUPPORTED_VERSIONS), "requested": requested},
    )


def error_response(request_id, error: JsonRpcError) -> dict:
    return {"jsonrpc": JSONRPC_VERSION, "id": request_id, "error": error.as_error()}


def result_response(request_id, result: dict) -> dict:
    return {"jsonrpc": JSONRPC_VERSION, "id": request_id, "result": result}


def version_at_least(version: str, minimum: str) -> bool:
    # Every version this server sets on a call is a known ISO date, so string order is
    # date order (unknown versions are refused before a call is built).
    return version >= minimum
