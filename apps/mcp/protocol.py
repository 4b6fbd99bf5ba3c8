"""JSON-RPC 2.0 and MCP vocabulary: versions, error codes and the protocol error type.

Names follow the specification's schema.ts, so the code reads like the spec it implements.
"""

JSONRPC_VERSION = "2.0"

# The handshake era, oldest first; initialize counter-offers the newest of these.
LEGACY_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
LATEST_LEGACY_VERSION = LEGACY_VERSIONS[-1]
# Without an MCP-Protocol-Version header a legacy request is taken as 2025-03-26
# (2025-11-25/basic/transports.mdx, "Protocol Version Header").
DEFAULT_HEADER_VERSION = "2025-03-26"
# The stateless era: no initialize, per-request _meta, server/discover.
MODERN_VERSIONS = ("2026-07-28",)
SUPPORTED_VERSIONS = LEGACY_VERSIONS + MODERN_VERSIONS
# structuredContent and outputSchema exist from this version on.
STRUCTURED_CONTENT_SINCE = "2025-06-18"
# Tool annotations exist from this version on.
ANNOTATIONS_SINCE = "2025-03-26"
# title fields exist from this version on.
TITLES_SINCE = "2025-06-18"

META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion"
META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo"
META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities"
META_SERVER_INFO = "io.modelcontextprotocol/serverInfo"

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
RESOURCE_NOT_FOUND = -32002
HEADER_MISMATCH = -32020
MISSING_REQUIRED_CLIENT_CAPABILITY = -32021
UNSUPPORTED_PROTOCOL_VERSION = -32022


class JsonRpcError(Exception):
    """A protocol-level failure, answered as a JSON-RPC error object."""

    def __init__(self, code: int, message: str, data=None, *, http_status: int = 200):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data
        self.http_status = http_status

    def as_error(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


def error_response(request_id, error: JsonRpcError) -> dict:
    return {"jsonrpc": JSONRPC_VERSION, "id": request_id, "error": error.as_error()}


def result_response(request_id, result: dict) -> dict:
    return {"jsonrpc": JSONRPC_VERSION, "id": request_id, "result": result}


def version_at_least(version: str, minimum: str) -> bool:
    # Versions are ISO dates, so string order is date order.
    return version >= minimum
