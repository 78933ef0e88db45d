import threading
import time

import pytest

from kislearn.ratelimit import RateLimiter


class FakeClock:
    """A clock that only moves when the limiter sleeps."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_no_more_than_n_calls_in_any_window():
    clock = FakeClock()
    limiter = RateLimiter(2, margin=0.05, clock=clock, sleep=clock.sleep)
    sent = []
    for _ in range(10):
        limiter.wait()
        sent.append(clock.now)
    for i in range(2, len(sent)):
        assert sent[i] - sent[i - 2] >= 1.0  # any three calls span at least a second
    assert sent[-1] == pytest.approx(4 * 1.05)  # and no slower than needed: 2 per 1.05 s


def test_first_calls_do_not_wait():
    clock = FakeClock()
    limiter = RateLimiter(20, clock=clock, sleep=clock.sleep)
    assert [limiter.wait() for _ in range(20)] == [0.0] * 20
    assert limiter.wait() > 0


def test_none_means_unlimited():
    limiter = RateLimiter(None)
    assert all(limiter.wait() == 0.0 for _ in range(1000))


def test_rejects_nonsense():
    with pytest.raises(ValueError):
        RateLimiter(0)


def test_threads_share_one_budget():
    limiter = RateLimiter(5, margin=0.0)
    stamps = []
    lock = threading.Lock()

    def call():
        limiter.wait()
        with lock:
            stamps.append(time.monotonic())

    threads = [threading.Thread(target=call) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stamps.sort()
    assert stamps[5] - stamps[0] >= 0.99  # the sixth call waited for the first to leave the window


def test_a_slot_counts_until_the_call_has_ended():
    """The server counts a call when it arrives, at any moment between its start and its answer. A call that
    was slow to go out (a busy computer) must not let the next slot open a window after its *start*: the next
    call may go only a window after the slow call *ended*, so it cannot arrive within a second of it."""
    clock = FakeClock()
    limiter = RateLimiter(1, margin=0.05, clock=clock, sleep=clock.sleep)
    with limiter.slot():
        clock.now += 0.5  # the request waited for the CPU: it may reach the server only now
    ended = clock.now
    with limiter.slot() as waited:
        started = clock.now
    assert started - ended >= 1.0  # a whole second after the latest moment the server can have counted it
    assert waited == pytest.approx(1.05)


def test_slots_keep_to_the_limit_however_long_the_calls_take():
    clock = FakeClock()
    limiter = RateLimiter(2, margin=0.05, clock=clock, sleep=clock.sleep)
    calls = []  # (started, ended) of each call
    for duration in (0.3, 0.0, 0.7, 0.1, 0.0, 0.4, 0.2, 0.0):
        with limiter.slot():
            started = clock.now
            clock.now += duration
        calls.append((started, clock.now))
    for i in range(2, len(calls)):
        # wherever in [started, ended] the server counts each call, call i comes a second after call i - 2
        assert calls[i][0] - calls[i - 2][1] >= 1.0


def test_a_slot_waits_for_a_running_call_to_end():
    limiter = RateLimiter(1, margin=0.0)
    inside = threading.Event()
    release = threading.Event()
    stamps = {}

    def slow_call():
        with limiter.slot():
            inside.set()
            release.wait(5)
        stamps["ended"] = time.monotonic()

    thread = threading.Thread(target=slow_call)
    thread.start()
    inside.wait(5)
    release.set()  # the slow call ends now; the next slot opens a window (1 s) after that
    with limiter.slot():
        stamps["next"] = time.monotonic()
    thread.join()
    assert stamps["next"] - stamps["ended"] >= 0.99
