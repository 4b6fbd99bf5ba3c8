"""Harnesses every test area shares: one copy each, imported where needed.

- `tools`: call a domain's tool in-process, the way the MCP endpoint runs it (`call_tool`).
- `rpc`: one JSON-RPC POST and the published output schemas, as the seed's client sends them.
- `admin`: run a change-list action and read the messages it leaves.
- `places`: gazetteer rows for unit tests.
- `demo`: load one domain's demo fixtures (with the gazetteer they point at).
- `redis`: the one way a test finds the Redis it may use.
- `today`: the one frozen "today" of the suite (and of the servers it starts).
- `skips`: the check that a PostgreSQL + Redis run skipped nothing it should have run.
"""
