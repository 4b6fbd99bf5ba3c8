"""apps.core.jsonlines writes what the stdlib's compact, UTF-8, default=str encoder writes."""
import dataclasses
import datetime
import enum
import json
import uuid
from collections import OrderedDict
from decimal import Decimal

import pytest

from apps.core.jsonlines import dumps_bytes, dumps_text


class Status(str, enum.Enum):
    ISSUED = "issued"


@dataclasses.dataclass
class Point:
    x: int


def stdlib(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


@pytest.mark.parametrize("payload", [
    {"jsonrpc": "2.0", "id": 7, "result": {"content": [{"type": "text", "text": "🅿️ **Total: $215.00** é \n\t\"q\""}],
                                          "isError": False, "structuredContent": {"n": None, "l": [1, 2.5, True]}}},
    {"id": 123456789012345678901234567890},  # beyond 64 bits: the stdlib writes it exactly
    {"when": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), "day": datetime.date(2026, 1, 2)},
    {"fine": Decimal("25.00"), "key": uuid.UUID("12345678-1234-5678-1234-567812345678")},
    {1: "int key", "nested": OrderedDict(b=1, a=2), "status": Status.ISSUED, "point": Point(3)},
    ["\u2028", "control \x01", "slash /"],
    "just a string", 0, -1, [], {},
])
def test_the_bytes_are_the_stdlibs(payload):
    assert dumps_bytes(payload) == stdlib(payload)
    assert dumps_text(payload) == stdlib(payload).decode()


def test_a_value_neither_encoder_knows_becomes_its_text():
    marker = object()
    assert dumps_bytes({"x": marker}) == stdlib({"x": marker})


def test_floats_are_the_same_numbers():
    values = [1.5e-05, 1e22, 0.1, -2.5, 123456.789]
    assert json.loads(dumps_bytes(values)) == values
