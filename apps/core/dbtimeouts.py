"""A statement timeout on every PostgreSQL session that does the application's work.

Set per session as Django opens it (one round trip per new connection; connections live
CONN_MAX_AGE), not in the connection's `options`: the maintenance session Django opens to
create and drop databases (tests, `createdb`) is left without it, because CREATE and DROP
DATABASE wait for a checkpoint and a busy server can take longer than any timeout that
suits a tool call. DB_STATEMENT_TIMEOUT_MS (settings) is the limit; 0 turns it off.
"""
from django.conf import settings
from django.db.backends.base.base import NO_DB_ALIAS


def set_statement_timeout(sender, connection, **kwargs) -> None:
    """Bound this new session's statements (PostgreSQL only; never the maintenance session)."""
    timeout = settings.DB_STATEMENT_TIMEOUT_MS
    if not timeout or connection.vendor != "postgresql" or connection.alias == NO_DB_ALIAS:
        return
    with connection.cursor() as cursor:
        # set_config takes a parameter where SET cannot (server-side binding is on).
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{timeout}ms"])
