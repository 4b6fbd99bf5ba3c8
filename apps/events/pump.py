"""One reader of the outbox per process: delivers events to local sockets strictly by id.

Each process (each event loop) runs one EventPump while it has subscribers. The pump keeps
a `frontier`: every event with an id at or below it is either handed to the sockets or
known never to exist. It advances only through ids it can prove final, so a socket never
gets id 12 and then, later, id 11 — which is what lets a client resume with the last id it
saw (docs/events.md, "Ordering").

- Wake-ups come from the channel layer (apps.events.publisher), one per committed event,
  carrying the event: if it is frontier + 1 it is delivered at once, with no query.
- Otherwise, and every poll interval, the pump reads the outbox after the frontier. Rows
  committed by processes that share no channel layer with us (a management command, a
  second server on the in-memory layer) are found this way too.
- A missing id below a visible one is a gap: an open transaction that has not committed
  yet, or one that rolled back. The pump holds later ids back until apps.events.locks
  proves the gap final; a gap it cannot prove within the gap timeout is skipped, and its
  ids are watched for a while so an event that commits that late is still delivered
  (flagged late, out of order).
"""
import asyncio
import logging
import time
import weakref

from channels.layers import get_channel_layer
from django.conf import settings

from apps.events.locks import outbox_read_final
from apps.events.publisher import EVENTS_GROUP
from apps.events.selectors import event_last_id, event_list_after, event_list_ids
from apps.events.wire import StreamEvent
from apps.core.workers import run_sync

logger = logging.getLogger("civicmind.events")

GAP_RETRY_SECONDS = 0.05
GROUP_REFRESH_SECONDS = 600.0  # group membership expires (channels' group_expiry, a day)
LATE_WATCH_SECONDS = 900.0
LATE_WATCH_MAX_IDS = 1000  # wider holes are pruning or bulk rollbacks, not late commits
INBOX_MAX = 10_000


def cancelling() -> bool:
    """True when this task has been asked to stop, whatever exception the await then raised.

    A cancelled read on the channel layer can surface as another error (a Redis connection
    torn down mid-read); taking it for an outage would retry forever and a shutdown would
    wait on this task until it is killed.
    """
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def describe_error(error: Exception) -> str:
    """A one-line account of an outage: its class and message, no traceback to page on."""
    text = str(error).strip()
    return f"{error.__class__.__name__}: {text}" if text else error.__class__.__name__


def dispatch_batch() -> int:
    """Events handed out between two yields to the loop: below every socket's buffer.

    A socket's sender drains its whole queue each time it runs, so a fast one never holds
    more than one batch; only a socket that stopped draining can overflow.
    """
    return max(1, min(settings.CIVICMIND_EVENTS_REPLAY_BATCH, settings.CIVICMIND_EVENTS_BUFFER_SIZE // 2))


_pumps: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, EventPump]" = weakref.WeakKeyDictionary()


def pump_for_loop() -> "EventPump":
    """Return this event loop's pump, creating it (not yet started) if needed."""
    loop = asyncio.get_running_loop()
    pump = _pumps.get(loop)
    if pump is None:
        pump = _pumps[loop] = EventPump()
    return pump


class EventPump:
    def __init__(self):
        self.subscribers: set = set()
        self.frontier: int = 0
        self.watch: dict[int, float] = {}  # skipped ids -> until when a late commit is looked for
        self._inbox: dict[int, dict] = {}
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._started: asyncio.Future | None = None
        self._gap_seen_at: float | None = None
        self._read_requested = False
        self._stopped = False  # loops also check this: 3.11's wait_for can swallow a cancel
        self._layer = get_channel_layer()
        self._channel: str | None = None

    # --- subscribers ------------------------------------------------------------------

    async def attach(self, subscriber) -> int:
        """Start delivering to `subscriber`; return the frontier: live events follow it."""
        if self._started is None:
            self._started = asyncio.get_running_loop().create_future()
            asyncio.ensure_future(self._start())
        await asyncio.shield(self._started)
        self.subscribers.add(subscriber)
        return self.frontier

    def detach(self, subscriber) -> None:
        self.subscribers.discard(subscriber)
        if not self.subscribers and self._started is not None and self._started.done():
            self._stop()

    def _dispatch(self, event: StreamEvent) -> None:
        if not event.late:
            self.frontier = event.id
            self._gap_seen_at = None  # whatever gap there was lay below this id
        for subscriber in list(self.subscribers):
            subscriber.offer(event)

    # --- lifecycle --------------------------------------------------------------------

    async def _start(self) -> None:
        try:
            self.frontier = await self._initial_frontier()
        except Exception as error:
            self._started.set_exception(error)
            self._started = None
            return
        self._tasks = [asyncio.ensure_future(self._run())]
        if self._layer is not None:
            self._tasks.append(asyncio.ensure_future(self._listen()))
        self._started.set_result(None)

    def _stop(self) -> None:
        self._stopped = True
        if _pumps.get(asyncio.get_running_loop()) is self:
            del _pumps[asyncio.get_running_loop()]
        for task in self._tasks:
            task.cancel()
        if self._layer is not None and self._channel is not None:
            asyncio.ensure_future(self._discard(self._channel))

    async def _discard(self, channel: str) -> None:
        try:
            await self._layer.group_discard(EVENTS_GROUP, channel)
        except Exception:
            logger.warning("could not leave the events group", exc_info=True)

    async def _initial_frontier(self) -> int:
        """The last id that is final now: read while no emitting transaction is open."""
        deadline = time.monotonic() + settings.CIVICMIND_EVENTS_GAP_TIMEOUT_MS / 1000
        while True:
            final, last = await run_sync(outbox_read_final, event_last_id)
            if final:
                return last
            if time.monotonic() >= deadline:
                logger.warning("events: outbox never quiet at start; starting after the last visible id")
                return await run_sync(event_last_id)
            await asyncio.sleep(GAP_RETRY_SECONDS)

    # --- the channel layer ------------------------------------------------------------

    async def _listen(self) -> None:
        """Wake the reader on every event the channel layer announces.

        The process keeps one channel name for its whole life: after an error it joins the
        group again under the same name (ZADD of a member that is there only refreshes it),
        so an outage, or a read that timed out, never leaves a stale member behind that
        every event would still be copied to until the group expiry (issue 14, item 4).
        """
        refreshed: float | None = None
        failing_since: float | None = None
        while not self._stopped:
            try:
                if self._channel is None:
                    self._channel = await self._layer.new_channel()
                if refreshed is None or time.monotonic() - refreshed > GROUP_REFRESH_SECONDS:
                    await self._layer.group_add(EVENTS_GROUP, self._channel)
                    if refreshed is None:
                        # Events committed while we were joining sent us no wake-up: read now.
                        self._read_requested = True
                        self._wake.set()
                    refreshed = time.monotonic()
                    if failing_since is not None:
                        logger.info("events: channel layer back after %.1fs; rejoined the events group",
                                    time.monotonic() - failing_since)
                        failing_since = None
                message = await asyncio.wait_for(self._layer.receive(self._channel), GROUP_REFRESH_SECONDS)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if cancelling():
                    raise asyncio.CancelledError from error
                if isinstance(error, asyncio.TimeoutError):
                    continue
                if failing_since is None:  # once per outage, not once a second
                    failing_since = time.monotonic()
                    logger.warning("events: channel layer unavailable (%s); polling the outbox meanwhile",
                                   describe_error(error))
                refreshed = None
                await asyncio.sleep(1.0)
                continue
            event = message.get("event") if isinstance(message, dict) else None
            if event and event.get("id", 0) > self.frontier and len(self._inbox) < INBOX_MAX:
                self._inbox[event["id"]] = event
                self._wake.set()

    # --- the reader -------------------------------------------------------------------

    async def _run(self) -> None:
        poll = settings.CIVICMIND_EVENTS_POLL_MS / 1000
        while not self._stopped:
            timeout = GAP_RETRY_SECONDS if self._gap_seen_at is not None else poll
            try:
                await asyncio.wait_for(self._wake.wait(), timeout)
                woken = True
            except asyncio.TimeoutError:
                woken = False
            self._wake.clear()
            read_requested, self._read_requested = self._read_requested, False
            try:
                if not (woken and await self._deliver_inbox()) or read_requested:
                    await self._read_outbox()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if cancelling():
                    raise asyncio.CancelledError from error
                logger.exception("events: reading the outbox failed; retrying")
                await asyncio.sleep(poll)

    async def _deliver_inbox(self) -> bool:
        """Deliver woken events that continue the frontier; True if nothing is left over."""
        batch, handed = dispatch_batch(), 0
        while self.frontier + 1 in self._inbox:
            self._dispatch(StreamEvent.from_message(self._inbox.pop(self.frontier + 1)))
            handed += 1
            if handed % batch == 0:
                await asyncio.sleep(0)  # let the sockets' senders drain
        for stale in [i for i in self._inbox if i <= self.frontier]:
            del self._inbox[stale]
        return not self._inbox and self._gap_seen_at is None and not self.watch

    async def _read_outbox(self) -> None:
        if self.watch:
            await self._read_watched()
        batch = dispatch_batch()
        while True:
            rows = await run_sync(event_list_after, after=self.frontier, limit=batch)
            for row in rows:
                if row.id > self.frontier + 1 and not await self._close_gap(self.frontier + 1, row.id - 1):
                    return
                if row.id > self.frontier:
                    self._dispatch(row)
            self._inbox = {i: e for i, e in self._inbox.items() if i > self.frontier}
            if len(rows) < batch:
                return

    async def _close_gap(self, low: int, high: int) -> bool:
        """Try to make ids low..high final; deliver any that committed. False: still open."""
        final, rows = await run_sync(outbox_read_final, lambda: event_list_ids(ids=range(low, high + 1)))
        now = time.monotonic()
        if not final:
            if self._gap_seen_at is None:
                self._gap_seen_at = now
            if now - self._gap_seen_at < settings.CIVICMIND_EVENTS_GAP_TIMEOUT_MS / 1000:
                return False
            logger.warning("events: ids %s-%s still missing after the gap timeout; moving on", low, high)
            rows = await run_sync(event_list_ids, ids=range(low, high + 1))
            present = {row.id for row in rows}
            if high - low < LATE_WATCH_MAX_IDS:
                for missing in range(low, high + 1):
                    if missing not in present:
                        self.watch[missing] = now + LATE_WATCH_SECONDS
        for row in rows:
            self._dispatch(row)
        self.frontier = max(self.frontier, high)
        self._gap_seen_at = None
        return True

    async def _read_watched(self) -> None:
        now = time.monotonic()
        self.watch = {i: until for i, until in self.watch.items() if until > now}
        if not self.watch:
            return
        for row in await run_sync(event_list_ids, ids=sorted(self.watch)):
            del self.watch[row.id]
            self._dispatch(row.as_late())
