"""A record's status machine: which moves are allowed, and the timeline row each move leaves.

Complaints, road issues, outages, service requests, reports, pickups and variances all move
through statuses the same way: a table says where each status may go next, a move outside it
is refused with the domain's `INVALID_TRANSITION` code, and a move that happens writes one
dated row on the record's timeline (what the resident reads when tracking it) and, where
subscribers care, one event. This module holds that mechanism once; a domain declares only
its own table, codes, timeline model and event name.

Events live above core (apps/events), so a machine that announces its moves is handed the
emitter by the domain that declares it (`emit=event_emit`); core never imports it.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from apps.core.errors import ServiceError


@dataclass(frozen=True)
class StatusMachine:
    """Allowed moves between a model's statuses, and the record a move leaves behind.

    `transitions` maps each status to the statuses it may move to (a final status maps to
    `()`). `timeline` is the model of the record's timeline rows (a `TimelineEntry`, whose
    `timeline_subject` names its foreign key to the record). `event` names the event
    emitted when the status really changes; `event_data(obj, old_status, status)` says what
    it carries.
    """

    transitions: Mapping[str, tuple[str, ...]]
    error_code: str
    timeline: type[models.Model] | None = None
    domain: str = ""
    event: str = ""
    emit: Callable | None = field(default=None, compare=False)
    event_data: Callable | None = field(default=None, compare=False)

    def allowed(self, status: str) -> tuple[str, ...]:
        """Where a record in `status` may go next (nothing from a final status)."""
        return tuple(self.transitions.get(status, ()))

    def can_move(self, status: str, target: str) -> bool:
        """Whether `target` is a move from `status`; staying where one is always is."""
        return target == status or target in self.allowed(status)

    def sources(self, target: str) -> tuple[str, ...]:
        """The statuses from which `target` can be reached (what an admin button offers)."""
        return tuple(status for status, targets in self.transitions.items() if target in targets)

    def check_move(self, status: str, target: str, *, message: str | Callable[[], str], field: str = "status",
                   details: dict | None = None) -> None:
        """Refuse a move outside the table with the domain's code and its own sentence.

        `message` may be a callable, so a sentence that needs lookups is built only when
        the move is refused.
        """
        if not self.can_move(status, target):
            raise ServiceError(self.error_code, message() if callable(message) else message, field=field,
                               details=details)

    def record(self, obj, *, status: str, actor: str, note: str = "", at=None, old_status: str | None = None):
        """Write the timeline row of a move, and announce it when the status really changed.

        Called inside the service's transaction, so the row and the event commit with the
        change or not at all. Returns the timeline row.
        """
        row = self.timeline.objects.create(**{self.timeline.timeline_subject: obj}, status=status, note=note, actor=actor,
                                           created_at=at or timezone.now())
        if self.event and old_status is not None and old_status != status:
            data = self.event_data(obj, old_status, status) if self.event_data else {}
            self.emit(type=self.event, domain=self.domain, data=data)
        return row
