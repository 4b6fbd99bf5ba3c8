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


def test_the_bucket_refills_at_the_rate_and_never_beyond_a_burst():
    clock = Clock()
    throttle = MessageThrottle(rate=10, burst=20, clock=clock)
    for _ in range(20):
        throttle.check()
    assert throttle.check() == REFUSE
    clock.now += 0.25  # 2.5 tokens
    assert [throttle.check() for _ in range(3)] == [ADMIT, ADMIT, REFUSE]
    clock.now += 3600
    assert [throttle.check() for _ in range(21)].count(ADMIT) == 20


def test_a_flood_that_a_token_now_and_then_lets_through_is_still_closed():
    clock = Clock()
    throttle = MessageThrottle(rate=10, burst=20, clock=clock)
    verdicts = []
    for _ in range(400):  # 1,000 messages a second
        clock.now += 0.001
        verdicts.append(throttle.check())
        if verdicts[-1] == CLOSE:
            break
    assert verdicts[-1] == CLOSE and verdicts.count(REFUSE) == STRIKES_BEFORE_CLOSE


def test_strikes_are_forgiven_once_the_client_has_calmed_down():
    clock = Clock()
    throttle = MessageThrottle(rate=10, burst=20, clock=clock)
    for _ in range(20 + STRIKES_BEFORE_CLOSE):
        throttle.check()
    clock.now += 1.0  # half the bucket back: still on probation
    assert [throttle.check() for _ in range(10)] == [ADMIT] * 10 and throttle.strikes == STRIKES_BEFORE_CLOSE
    assert throttle.check() == CLOSE
    throttle = MessageThrottle(rate=10, burst=20, clock=clock)
    for _ in range(20 + STRIKES_BEFORE_CLOSE):
        throttle.check()
    clock.now += 2.0  # the whole bucket back
    assert throttle.check() == ADMIT and throttle.strikes == 0


def test_the_settings_are_the_defaults(settings):
    settings.CIVICMIND_EVENTS_MESSAGES_PER_SECOND = 3
    settings.CIVICMIND_EVENTS_MESSAGE_BURST = 5
    throttle = MessageThrottle(clock=Clock())
    assert (throttle.rate, throttle.burst) == (3, 5)
    assert [throttle.check() for _ in range(6)] == [ADMIT] * 5 + [REFUSE]
