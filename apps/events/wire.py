"""An event as it travels to sockets: the message and its JSON text, encoded once per form.

Fan-out to a thousand subscribers sends one pre-encoded string a thousand times instead
of encoding the same dict a thousand times. Each event carries both forms a socket may be
sent (apps.events.visibility): the staff text (everything) and the public text.
"""
import json
from dataclasses import dataclass, replace

from apps.events.visibility import STAFF, public_message


def encode(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class StreamEvent:
    id: int
    type: str
    domain: str
    text: str  # the staff form
    public_text: str
    late: bool = False  # committed after the stream had moved past its id (docs/events.md)

    @classmethod
    def from_message(cls, message: dict, *, late: bool = False) -> "StreamEvent":
        return cls(id=message["id"], type=message["type"], domain=message["domain"],
                   text=encode(message), public_text=encode(public_message(message)), late=late)

    def as_late(self) -> "StreamEvent":
        return replace(self, late=True)

    def text_for(self, view: str) -> str:
        """The encoded form a socket with `view` (STAFF or PUBLIC) is sent."""
        return self.text if view == STAFF else self.public_text
