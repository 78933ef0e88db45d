"""The market clock: its four modes, moving it, and reading what people type (CLI and HTTP forms)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from kislearn.sandbox.market.clock import (
    DEFAULT_FIXED_START,
    ClockError,
    MarketClock,
    add_session_time,
    apply_control,
    course_start,
    parse_clock,
    parse_moment,
)
from kislearn.spec import KST


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=KST)


class FakeWall:
    """The computer's clock, moved by hand."""

    def __init__(self, start: str):
        self.now = at(start)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **how_long) -> None:
        self.now += timedelta(**how_long)


def test_fixed_clock_only_moves_when_told():
    wall = FakeWall("2026-12-02T22:00")
    clock = MarketClock("fixed", start=at("2026-11-20T10:00"), wall=wall)
    wall.tick(hours=5)
    assert clock.now() == at("2026-11-20T10:00") == clock()
    assert clock.advance(seconds=90) == at("2026-11-20T10:01:30")
    assert clock.advance(hours=24) == at("2026-11-21T10:01:30")  # fixed steps through nights and weekends
    assert clock.set(at("2026-11-23T09:00")) == clock.now()
    assert clock.deterministic


def test_fixed_clock_defaults_to_the_sample_day():
    assert MarketClock("fixed").now() == DEFAULT_FIXED_START == at("2026-11-20T15:30")  # the sample files' close


def test_time_never_goes_back_unless_asked():
    clock = MarketClock("fixed", start=at("2026-11-20T10:00"))
    with pytest.raises(ClockError, match="되돌릴 수 없습니다"):
        clock.set(at("2026-11-20T09:00"))
    with pytest.raises(ClockError, match="앞으로만"):
        clock.advance(seconds=-1)
    with pytest.raises(ClockError, match="앞으로만"):
        clock.advance(seconds=0)
    assert clock.set(at("2026-11-20T09:00"), allow_past=True) == at("2026-11-20T09:00")


def test_wall_clock_follows_the_computer_and_can_be_shifted():
    wall = FakeWall("2026-12-02T22:00")
    clock = MarketClock("wall", wall=wall)
    assert clock.now() == wall.now
    wall.tick(seconds=10)
    assert clock.now() == at("2026-12-02T22:00:10")
    clock.advance(hours=1)
    wall.tick(seconds=5)
    assert clock.now() == at("2026-12-02T23:00:15")
    assert not clock.deterministic


def test_fast_clock_runs_the_real_calendar_at_its_speed():
    wall = FakeWall("2026-12-02T22:00")
    clock = MarketClock("fast", speed=60, start=at("2026-11-20T15:00"), wall=wall)
    wall.tick(seconds=30)
    assert clock.now() == at("2026-11-20T15:30")
    wall.tick(minutes=10)
    assert clock.now() == at("2026-11-21T01:30")  # ten hours later: the night passes too


@pytest.mark.parametrize(
    "wall_now, start",
    [
        ("2026-11-20T10:15", "2026-11-20T10:15"),  # the real market is open: the real time
        ("2026-11-20T22:00", "2026-11-20T09:00"),  # evening: today's opening bell
        ("2026-11-20T07:30", "2026-11-20T09:00"),  # early morning: today's opening bell
        ("2026-11-21T14:00", "2026-11-20T09:00"),  # Saturday: the latest trading day's
        ("2026-02-17T20:00", "2026-02-13T09:00"),  # 설날: the latest trading day's
    ],
)
def test_course_clock_starts_in_a_session(wall_now, start):
    assert course_start(at(wall_now)) == at(start)
    assert MarketClock("course", wall=FakeWall(wall_now)).now() == at(start)


def test_course_clock_skips_closed_hours_as_it_runs():
    wall = FakeWall("2026-11-20T22:00")  # Friday evening
    clock = MarketClock("course", wall=wall)
    wall.tick(hours=6, minutes=29)
    assert clock.now() == at("2026-11-20T15:29")
    wall.tick(minutes=2)
    assert clock.now() == at("2026-11-23T09:01")  # Monday, one minute after the opening bell


def test_course_clock_advance_counts_session_time_only():
    clock = MarketClock("course", start=at("2026-11-20T15:00"), wall=FakeWall("2026-11-20T22:00"))
    assert clock.advance(hours=1) == at("2026-11-23T09:30")
    assert clock.set(at("2026-11-23T20:00")) == at("2026-11-24T09:00")  # a closed moment: the next opening bell
    assert clock.describe()["market_open"] is True


def test_add_session_time_uses_special_session_hours():
    # 2026-11-19 is the 수능 day: 10:00–16:30
    assert add_session_time(at("2026-11-18T15:00"), timedelta(hours=1)) == at("2026-11-19T10:30")
    assert add_session_time(at("2026-11-19T16:00"), timedelta(minutes=30)) == at("2026-11-20T09:00")


def test_course_clock_at_speed():
    wall = FakeWall("2026-11-20T22:00")
    clock = MarketClock("course", speed=10, wall=wall)
    wall.tick(minutes=1)
    assert clock.now() == at("2026-11-20T09:10")


def test_describe_says_what_the_market_is_doing():
    clock = MarketClock("fixed", start=at("2026-11-20T15:25"))
    info = clock.describe()
    assert info == {
        "mode": "fixed",
        "speed": 1,
        "deterministic": True,
        "now": "2026-11-20T15:25:00+09:00",
        "trading_day": "20261120",
        "phase": "closing_auction",
        "market_open": True,
        "session": ["09:00", "15:30"],
        "next_open": "2026-11-23T09:00:00+09:00",
    }


def test_concurrent_advances_all_count():
    clock = MarketClock("fixed", start=at("2026-11-20T10:00"))
    threads = [threading.Thread(target=lambda: [clock.advance(seconds=1) for _ in range(250)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert clock.now() == at("2026-11-20T10:16:40")


@pytest.mark.parametrize(
    "text, mode, speed, now",
    [
        ("fixed", "fixed", 1, "2026-11-20T15:30"),
        ("fixed@2026-12-02T10:00:00+09:00", "fixed", 1, "2026-12-02T10:00"),
        ("fixed@2026-12-02", "fixed", 1, "2026-12-02T09:00"),
        (" FIXED@2026-12-02 10:30 ", "fixed", 1, "2026-12-02T10:30"),
        ("fixed@2026-12-02T01:00:00Z", "fixed", 1, "2026-12-02T10:00"),
        ("fast:60@2026-11-20T09:00", "fast", 60, "2026-11-20T09:00"),
        ("course:x10@2026-11-20T10:00", "course", 10, "2026-11-20T10:00"),
        ("course:2.5@2026-11-20T10:00", "course", 2.5, "2026-11-20T10:00"),
    ],
)
def test_parse_clock(text, mode, speed, now):
    clock = parse_clock(text, wall=FakeWall("2026-12-02T22:00"))
    assert (clock.mode, clock.speed, clock.now()) == (mode, speed, at(now))


def test_parse_clock_wall_and_course_defaults():
    wall = FakeWall("2026-12-02T22:00")
    assert parse_clock("wall", wall=wall).now() == wall.now
    assert parse_clock("course", wall=wall).now() == at("2026-12-02T09:00")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "비어 있습니다"),
        ("sometimes", "모릅니다"),
        ("fast:quick", "수가 아닙니다"),
        ("fast:0", "0보다 크고"),
        ("fixed:10", "빠르기를 정할 수 없습니다"),
        ("wall@2026-12-02", "시작 시각을 정할 수 없습니다"),
        ("fixed@yesterday", "읽을 수 없습니다"),
        ("fixed@2026-13-02T10:00", "읽을 수 없습니다"),
    ],
)
def test_parse_clock_errors_say_what_to_write(text, message):
    with pytest.raises(ClockError, match=message):
        parse_clock(text)


def test_parse_moment():
    assert parse_moment("2026-12-02T10:00:00+09:00") == at("2026-12-02T10:00")
    assert parse_moment("2026-12-02T10:00") == at("2026-12-02T10:00")
    with pytest.raises(ClockError):
        parse_moment(20261202)


def test_apply_control():
    clock = MarketClock("fixed", start=at("2026-11-20T10:00"))
    assert apply_control(clock, {"advance_seconds": 60})["now"] == "2026-11-20T10:01:00+09:00"
    assert apply_control(clock, {"advance_seconds": 0.5})["now"] == "2026-11-20T10:01:00+09:00"  # whole seconds shown
    assert apply_control(clock, {"set": "2026-12-02T10:00:00+09:00"})["now"] == "2026-12-02T10:00:00+09:00"


@pytest.mark.parametrize(
    "body, message",
    [
        ([], "JSON 객체"),
        ({}, "하나만"),
        ({"advance_seconds": 1, "set": "2026-12-02"}, "하나만"),
        ({"advance": 60}, "unknown advance"),
        ({"advance_seconds": "60"}, "숫자"),
        ({"advance_seconds": True}, "숫자"),
        ({"advance_seconds": float("nan")}, "숫자"),
        ({"advance_seconds": -5}, "앞으로만"),
        ({"advance_seconds": 10**12}, "10년"),
        ({"set": "2026-11-19T10:00"}, "되돌릴 수 없습니다"),
        ({"set": 5}, "ISO 8601"),
    ],
)
def test_apply_control_refuses_bad_bodies_in_korean(body, message):
    clock = MarketClock("fixed", start=at("2026-11-20T10:00"))
    with pytest.raises(ClockError, match=message):
        apply_control(clock, body)
    assert clock.now() == at("2026-11-20T10:00")  # nothing moved
