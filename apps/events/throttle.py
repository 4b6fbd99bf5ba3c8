"""A limit on what one client sends over one /events socket (a token bucket).

The handshake is rate limited per address and key (apps.accounts.ratelimit); once a
socket is open, nothing else stops a client from sending thousands of pings a second,
each answered. A socket may send CIVICMIND_EVENTS_MESSAGES_PER_SECOND messages a second,
in bursts of CIVICMIND_EVENTS_MESSAGE_BURST. A message over the limit is not acted on and
gets an error; after STRIKES_BEFORE_CLOSE of those the socket is closed with 1008
(policy violation). Strikes are forgiven only once the client has been calm long enough to
refill the whole bucket: a flood that a token now and then lets through still ends.
"""
import time

from django.conf import settings

STRIKES_BEFORE_CLOSE = 10

ADMIT = "admit"
REFUSE = "refuse"
CLOSE = "close"


class MessageThrottle:
    def __init__(self, *, rate: float | None = None, burst: int | None = None, clock=time.monotonic):
        self.rate = rate if rate is not None else settings.CIVICMIND_EVENTS_MESSAGES_PER_SECOND
        self.burst = burst if burst is not None else settings.CIVICMIND_EVENTS_MESSAGE_BURST
        self.clock = clock
        self.tokens = float(self.burst)
        self.stamp = clock()
        self.strikes = 0

    def check(self) -> str:
        """Count one incoming message: ADMIT it, REFUSE it (answer an error), or CLOSE."""
        now = self.clock()
        self.tokens = min(float(self.burst), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= self.burst:
            self.strikes = 0
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return ADMIT
        self.strikes += 1
        return CLOSE if self.strikes > STRIKES_BEFORE_CLOSE else REFUSE
