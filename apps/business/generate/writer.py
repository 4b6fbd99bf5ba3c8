"""Write generated rows fast: COPY on PostgreSQL, bulk_create in batches elsewhere.

Rows are plain dicts keyed by column attname (`violation_type_id`, not `violation_type`),
with their primary keys chosen by the generator, so rows of one table can point at rows
of another before either is written. Missing columns take the field's default. Sequences
are moved past the written keys afterwards, so later `create()` calls keep working.
"""
from datetime import date, datetime
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import NOT_PROVIDED

COPY_CHUNK_BYTES = 1 << 20
BULK_BATCH = 2000


def _copy_text(value) -> str:
    """Render one value in COPY's text format (generated text holds no tabs or newlines)."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, Decimal)):
        return str(value)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _defaults(model) -> dict:
    """Return {attname: default} for the columns a generator may leave out."""
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.default is not NOT_PROVIDED and not callable(field.default):
            defaults[field.attname] = field.default
        elif field.null:
            defaults[field.attname] = None
        elif field.get_internal_type() in ("CharField", "TextField", "SlugField", "FileField", "EmailField"):
            defaults[field.attname] = ""
    return defaults


class TableWriter:
    """Stream rows of one model into its table; call `close()` to flush."""

    def __init__(self, model):
        self.model = model
        self.columns = [field.attname for field in model._meta.concrete_fields]
        self.defaults = _defaults(model)
        self.count = 0
        self._postgres = connection.vendor == "postgresql"
        self._buffer: list = []
        self._size = 0

    def write(self, row: dict) -> None:
        values = [row[c] if c in row else self.defaults[c] for c in self.columns]
        self.count += 1
        if self._postgres:
            line = "\t".join(_copy_text(v) for v in values) + "\n"
            self._buffer.append(line)
            self._size += len(line)
            if self._size >= COPY_CHUNK_BYTES:
                self._flush()
        else:
            self._buffer.append(self.model(**dict(zip(self.columns, values))))
            if len(self._buffer) >= BULK_BATCH:
                self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        if self._postgres:
            table = connection.ops.quote_name(self.model._meta.db_table)
            columns = ", ".join(connection.ops.quote_name(c) for c in self.columns_db())
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write("".join(self._buffer))
        else:
            self.model.objects.bulk_create(self._buffer, batch_size=BULK_BATCH)
        self._buffer = []
        self._size = 0

    def columns_db(self) -> list[str]:
        return [field.column for field in self.model._meta.concrete_fields]

    def close(self) -> int:
        self._flush()
        return self.count


def reset_sequences(*models) -> None:
    """Move the primary-key sequences past the rows written with explicit keys."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def analyze(*models) -> None:
    """Refresh the planner's statistics (and reltuples, which the admin's counts read)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def next_pk(model) -> int:
    """Return the first free primary key above every existing row."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1

