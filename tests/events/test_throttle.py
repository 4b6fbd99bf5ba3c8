"""The per-socket message limit (apps.events.throttle), on a clock the test moves."""
from apps.events.throttle import ADMIT, CLOSE, REFUSE, STRIKES_BEFORE_CLOSE, MessageThrottle


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_burst_is_admitted_then_refused_then_closed():
    throttle = MessageThrottle(rate=10, burst=20, clock=Clock())
    assert [throttle.check() for _ in range(20)] == [ADMIT] * 20
    assert [throttle.check() for _ in range(STRIKES_BEFORE_CLOSE)] == [REFUSE] * STRIKES_BEFORE_CLOSE
    assert throttle.check() == CLOSE


def test_the_bucket_refills_at_the_rate_and_an_admitted_message_clears_the_strikes():
    clock = Clock()
    throttle = MessageThrottle(rate=10, burst=20, clock=clock)
    for _ in range(20):
        throttle.check()
    assert throttle.check() == REFUSE
    clock.now += 0.25  # 2.5 tokens
    assert [throttle.check() for _ in range(3)] == [ADMIT, ADMIT, REFUSE]
    clock.now += 0.1
    assert throttle.check() == ADMIT and throttle.strikes == 0
    clock.now += 3600  # never more than a burst saved up
    assert [throttle.check() for _ in range(21)].count(ADMIT) == 20


def test_the_settings_are_the_defaults(settings):
    settings.CIVICMIND_EVENTS_MESSAGES_PER_SECOND = 3
    settings.CIVICMIND_EVENTS_MESSAGE_BURST = 5
    throttle = MessageThrottle(clock=Clock())
    assert (throttle.rate, throttle.burst) == (3, 5)
    assert [throttle.check() for _ in range(6)] == [ADMIT] * 5 + [REFUSE]
