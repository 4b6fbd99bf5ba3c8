"""An event as it travels to sockets: the message dict and its JSON text, encoded once.

Fan-out to a thousand subscribers sends one pre-encoded string a thousand times instead
of encoding the same dict a thousand times.
"""
import json
from dataclasses import dataclass


def encode(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class StreamEvent:
    id: int
    type: str
    domain: str
    text: str
    late: bool = False  # committed after the stream had moved past its id (docs/events.md)

    @classmethod
    def from_message(cls, message: dict, *, late: bool = False) -> "StreamEvent":
        return cls(id=message["id"], type=message["type"], domain=message["domain"],
                   text=encode(message), late=late)

    def as_late(self) -> "StreamEvent":
        return StreamEvent(self.id, self.type, self.domain, self.text, late=True)
