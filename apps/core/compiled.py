"""Querysets compiled to SQL once and run again with new parameter values.

Building a QuerySet and compiling it to SQL costs more CPU than PostgreSQL spends on an
indexed look-up: for check_violations (one query, two joined tables, ~30 columns) Django's
query building was ~60% of the call. A selector on the hot path whose *shape* never changes,
only its values (a plate, a citation number), can keep the compiled SQL and swap the values
in; rows still become model instances through Django's own iterable (converters,
`from_db`, select_related population, prefetches), so callers get what the plain queryset
would have given them.

    plate_citations = CompiledQuery(
        lambda plate: Citation.objects.select_related("violation_type").filter(license_plate=plate),
        "plate",
    )
    plate_citations(plate="ABC123")  # -> [Citation, ...]

Rules: each named parameter must reach the SQL as one whole parameter value (an exact or
`in`-free comparison, not `__startswith`, which rewrites it); everything else the builder
uses must stay constant for the life of the process. Compilation happens once per thread
and database connection object, since a compiler belongs to one connection.
"""
import threading
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet], *parameters: str, using: str = DEFAULT_DB_ALIAS):
        self.build = build
        self.parameters = parameters
        self.using = using
        self._local = threading.local()

    def __call__(self, **values) -> list:
        if set(values) != set(self.parameters):
            raise TypeError(f"expected parameters {sorted(self.parameters)}, got {sorted(values)}")
        compiled = self._compiled()
        return compiled.run(values)

    def _compiled(self) -> "_Compiled":
        compiled = getattr(self._local, "compiled", None)
        connection = connections[self.using]
        if compiled is None or compiled.connection is not connection:
            compiled = self._local.compiled = _Compiled.build(self, connection)
        return compiled


MARKER_PREFIX = "\x00civicmind-compiled:"


def _marker(name: str) -> str:
    # A string no caller sends: it passes CharField/TextField preparation unchanged.
    return f"{MARKER_PREFIX}{name}\x00"


class _Compiled:
    """One thread's compiled SQL, parameter positions and ready compiler."""

    def __init__(self, queryset, compiler, sql: str, params: tuple, positions: dict, connection):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.positions = positions  # parameter name -> indexes in params
        self.connection = connection
        self.call_params = params
        compiler.as_sql = self.as_sql  # the ModelIterable's execute_sql asks for SQL here
        queryset.query.get_compiler = self.get_compiler

    @classmethod
    def build(cls, query: CompiledQuery, connection) -> "_Compiled":
        queryset = query.build(**{name: _marker(name) for name in query.parameters}).using(query.using)
        compiler = queryset.query.get_compiler(using=query.using)
        sql, params = compiler.as_sql()  # also sets up select, klass_info, converters' inputs
        positions = {name: [i for i, value in enumerate(params) if value == _marker(name)]
                     for name in query.parameters}
        rewritten = [value for value in params if isinstance(value, str) and MARKER_PREFIX in value
                     and value not in {_marker(name) for name in query.parameters}]  # e.g. "marker%"
        if rewritten or not all(positions.values()):
            raise ValueError(f"parameters {list(query.parameters)} do not all reach the SQL as whole values; "
                             "this queryset cannot be compiled once")
        return cls(queryset, compiler, sql, tuple(params), positions, connection)

    def as_sql(self, *args, **kwargs):
        return self.sql, self.call_params

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler

    def run(self, values: dict) -> list:
        params = list(self.params)
        for name, indexes in self.positions.items():
            for index in indexes:
                params[index] = values[name]
        self.call_params = tuple(params)
        try:
            return list(self.queryset._chain())  # a fresh result cache; same query and compiler
        finally:
            self.call_params = self.params
