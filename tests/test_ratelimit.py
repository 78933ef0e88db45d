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
