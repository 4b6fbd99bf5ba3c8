"""One JSON-RPC message over plain HTTP, the way the seed's Python client posts it."""
import httpx

# Structured answers (structuredContent, outputSchema) are offered from protocol 2025-06-18 on.
STRUCTURED_HEADERS = {"MCP-Protocol-Version": "2025-06-18"}


def rpc(url: str, method: str, params: dict | None = None, headers: dict | None = None, request_id=3) -> dict:
    """POST one JSON-RPC request; assert the HTTP status is 200 and return the decoded reply."""
    body = {"jsonrpc": "2.0", "method": method, "id": request_id}
    if params is not None:
        body["params"] = params
    response = httpx.post(url, json=body, headers={"Content-Type": "application/json", **(headers or {})},
                          timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def output_schemas(url: str, headers: dict | None = None) -> dict[str, dict]:
    """Every listed tool's outputSchema by tool name."""
    tools = rpc(url, "tools/list", headers={**STRUCTURED_HEADERS, **(headers or {})})["result"]["tools"]
    return {tool["name"]: tool["outputSchema"] for tool in tools}


def output_schema(url: str, name: str) -> dict:
    """The outputSchema `tools/list` publishes for tool `name`."""
    return output_schemas(url)[name]
