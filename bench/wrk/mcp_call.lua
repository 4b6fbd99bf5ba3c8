-- wrk script: POST one MCP JSON-RPC message per request and print one JSON summary line.
--
--   MCP_BODY_FILE=body.json [MCP_API_KEY=...] wrk -t2 -c64 -d10s --latency -s bench/wrk/mcp_call.lua URL
--
-- The body is read from $MCP_BODY_FILE (a tools/call request). Every reply is checked: an
-- HTTP status other than 200, a body without a JSON-RPC `"result":{` (an error reply, a
-- 429) or with `"isError":true` (a tool's own failure) counts as `bad`, so a fast server
-- that answers errors is caught. (The SDK leaves `"isError":false` out; CivicMind sends it.)
-- The summary line starts with WRK_JSON; latencies are in microseconds.
local body_file = os.getenv("MCP_BODY_FILE")
local f = assert(io.open(body_file, "r"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = os.getenv("MCP_PROTOCOL_VERSION") or "2025-11-25"
local api_key = os.getenv("MCP_API_KEY")
if api_key and api_key ~= "" then
  wrk.headers["X-API-Key"] = api_key
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  first_bad = ""
end

function response(status, headers, reply)
  if status ~= 200 or not string.find(reply, '"result":{', 1, true)
      or string.find(reply, '"isError":true', 1, true) then
    bad = bad + 1
    if first_bad == "" then
      first_bad = string.format("%d %s", status, string.sub(reply, 1, 200))
    end
  end
end

local function json_string(text)
  return '"' .. text:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('%c', ' ') .. '"'
end

function done(summary, latency, requests)
  local bad_total, sample = 0, ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + (thread:get("bad") or 0)
    if sample == "" then
      sample = thread:get("first_bad") or ""
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%.0f,"p90_us":%.0f,"p99_us":%.0f,"max_us":%.0f,' ..
    '"mean_us":%.1f,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,' ..
    '"timeouts":%d,"bad":%d,"first_bad":%s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, bad_total, json_string(sample)))
end
