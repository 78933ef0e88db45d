"""The market clock: what time it is in the sandbox's market (Korea time).

    clock = MarketClock("fixed", start=datetime(2026, 11, 20, 10, 0, tzinfo=KST))
    clock.now()                  # 2026-11-20 10:00 KST, until you move it
    clock.advance(seconds=90)    # 10:01:30
    MarketClock("fixed").now()   # 2026-11-20 15:30 KST: the closing bell the sample price files show
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=KST))

    parse_clock("course")        # the lessons' default: an always-open market
    parse_clock("fast:60@2026-11-20T09:00")   # a minute a second through the real calendar

Four modes (``clock.mode``):

- ``"wall"`` — the real time in Korea. The market is closed at night and on holidays, as KIS's is.
- ``"course"`` — always open, for learners who study in the evening (the lessons' default). It starts at the
  current moment when the real market is open; otherwise at the opening bell of today's session (or of the
  latest trading day's, on a weekend or holiday). From there it runs at the speed of a watch (× ``speed``)
  but only through session hours: at the closing bell it jumps to the next trading day's opening bell.
  Why this design: prices move at a realistic pace (a quote polled every few seconds changes), time never
  runs backwards (orders and fills keep their order), the dates are real trading days so charts and
  settlement look right, and every closing bell is a day boundary a learner can watch. The price: the
  sandbox's date runs ahead of the real one by 17½ hours for every 24 hours the clock runs — nothing in a
  lesson lasts that long; ``set`` or a restart brings it back. # sandbox's choice
- ``"fixed"`` — frozen; moves only by :meth:`MarketClock.advance` and :meth:`MarketClock.set`. Deterministic:
  what the notebooks (nbval) and tests use. It starts, unless told otherwise, at the closing bell of the sample
  data's trading day (:data:`DEFAULT_FIXED_START`), the one moment where every quote is its sample price file.
- ``"fast"`` — the real calendar (nights, weekends, holidays included) at ``speed`` times the speed of a watch,
  so a learner can watch days end and cash settle.

``advance`` and ``set`` work in every mode; in ``wall`` and ``fast`` modes they shift the clock and it keeps
running from there; in ``course`` mode ``advance`` counts session seconds only (an hour at 15:00 lands at
09:30 on the next trading day) and ``set`` to a closed moment lands on the next opening bell. Time never goes
backwards unless ``allow_past=True`` (a reset).

The clock is thread-safe and callable (``clock()`` is ``clock.now()``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from kislearn import spec
from kislearn.sandbox.market.calendar import KRX, KrxCalendar, to_korea_time

MODES = ("wall", "course", "fixed", "fast")
# The closing bell of the sample data's trading day (2026-11-20, scripts/build_sample_data.py): the moment the
# price files are a photograph of, so a sandbox on a fixed clock answers exactly what the files say and the
# lessons' outputs stay what they were before the market moved. # sandbox's choice
SAMPLE_DAY = date(2026, 11, 20)
DEFAULT_FIXED_START = datetime(2026, 11, 20, 15, 30, tzinfo=spec.KST)
MAX_ADVANCE = timedelta(days=3660)  # one step of at most ten years
MAX_SPEED = 100_000


class ClockError(ValueError):
    """A clock setting or command the sandbox cannot use; the message (Korean) says what to write instead."""


def korea_now() -> datetime:
    """The real current time in Korea (an aware datetime)."""
    return datetime.now(spec.KST)


class MarketClock:
    """The sandbox market's clock. See the module docstring for the modes."""

    def __init__(
        self,
        mode: str = "course",
        *,
        start: datetime | None = None,
        speed: float = 1,
        calendar: KrxCalendar = KRX,
        wall: Callable[[], datetime] = korea_now,
    ):
        if mode not in MODES:
            raise ClockError(f"시계 방식은 {', '.join(MODES)} 중 하나여야 합니다 (unknown clock mode {mode!r})")
        if mode in ("wall", "fixed") and speed != 1:
            raise ClockError(f"'{mode}' 시계는 빠르기를 정할 수 없습니다 (speed only for course and fast clocks)")
        if not (isinstance(speed, (int, float)) and 0 < speed <= MAX_SPEED and math.isfinite(speed)):
            raise ClockError(f"빠르기는 0보다 크고 {MAX_SPEED:,} 이하인 수여야 합니다 (bad speed {speed!r})")
        self.mode, self.speed, self.calendar = mode, speed, calendar
        self._wall = wall
        self._lock = threading.Lock()
        wall_now = to_korea_time(wall())
        if start is None:
            start = {"wall": wall_now, "fast": wall_now, "fixed": DEFAULT_FIXED_START}.get(mode) or course_start(
                wall_now, calendar
            )
        start = to_korea_time(start)
        if mode == "course":
            start = self._into_session(start)
        self._anchor, self._wall_anchor = start, wall_now  # sandbox time at a wall time

    # -- reading --------------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The sandbox market's current time (aware, Korea time)."""
        with self._lock:
            return self._now_locked()

    __call__ = now

    @property
    def deterministic(self) -> bool:
        """True when the clock does not follow the computer's clock (the ``fixed`` mode)."""
        return self.mode == "fixed"

    def describe(self) -> dict:
        """What ``GET /sandbox/clock`` can answer: the mode, the time and the market's state at it."""
        now = self.now()
        phase = self.calendar.phase(now)
        session = phase.session
        return {
            "mode": self.mode,
            "speed": self.speed,
            "deterministic": self.deterministic,
            "now": now.isoformat(timespec="seconds"),
            "trading_day": phase.trading_day.strftime("%Y%m%d"),
            "phase": phase.name,
            "market_open": phase.is_open,
            "session": None if session is None else [f"{session.open:%H:%M}", f"{session.close:%H:%M}"],
            "next_open": self.calendar.next_open(now).isoformat(timespec="seconds"),
        }

    # -- moving ---------------------------------------------------------------------------------------
    def advance(self, seconds: float = 0, **how_long) -> datetime:
        """Move the clock forward, e.g. ``advance(seconds=90)`` or ``advance(hours=2)``; returns the new time.
        In ``course`` mode the time counts session seconds only."""
        step = timedelta(seconds=seconds, **how_long)
        if step <= timedelta(0):
            raise ClockError("시계는 앞으로만 움직입니다: 0보다 큰 시간을 주세요 (advance must be positive)")
        if step > MAX_ADVANCE:
            raise ClockError("한 번에 10년보다 멀리 움직일 수 없습니다 (advance at most 3660 days)")
        with self._lock:
            now = self._now_locked()
            target = add_session_time(now, step, self.calendar) if self.mode == "course" else now + step
            self._rebase(target)
            return target

    def set(self, moment: datetime, *, allow_past: bool = False) -> datetime:
        """Put the clock at ``moment`` (a closed moment in ``course`` mode → the next opening bell); returns
        the new time. Earlier than now is refused unless ``allow_past`` (orders placed later would come first)."""
        if not isinstance(moment, datetime):
            raise ClockError("시각은 datetime이어야 합니다 (set needs a datetime)")
        target = to_korea_time(moment)
        with self._lock:
            if self.mode == "course":
                target = self._into_session(target)
            if target < self._now_locked() and not allow_past:
                raise ClockError(
                    f"시계를 과거({target:%Y-%m-%d %H:%M:%S})로 되돌릴 수 없습니다 (the clock cannot go back; "
                    "start a new sandbox to begin again)"
                )
            self._rebase(target)
            return target

    # -- inside -----------------------------------------------------------------------------------------
    def _now_locked(self) -> datetime:
        if self.mode == "fixed":
            return self._anchor
        elapsed = (to_korea_time(self._wall()) - self._wall_anchor) * self.speed
        elapsed = max(elapsed, timedelta(0))  # a computer clock set back must not move the market back
        if self.mode == "course":
            return add_session_time(self._anchor, elapsed, self.calendar)
        return self._anchor + elapsed

    def _rebase(self, target: datetime) -> None:
        self._anchor, self._wall_anchor = target, to_korea_time(self._wall())

    def _into_session(self, moment: datetime) -> datetime:
        session = self.calendar.session(moment.date())
        if session is not None and session.open <= moment < session.close:
            return moment
        return self.calendar.next_open(moment)

    def __repr__(self) -> str:
        speed = f", speed={self.speed}" if self.speed != 1 else ""
        return f"MarketClock({self.mode!r}{speed}, now={self.now().isoformat(timespec='seconds')})"


def course_start(wall_now: datetime, calendar: KrxCalendar = KRX) -> datetime:
    """Where a ``course`` clock starts: ``wall_now`` during a session, else the opening bell of today's
    session, or of the latest trading day's on a weekend or holiday."""
    wall_now = to_korea_time(wall_now)
    session = calendar.session(wall_now.date())
    if session is not None and session.open <= wall_now < session.close:
        return wall_now
    return calendar.session(calendar.on_or_before(wall_now.date())).open


def add_session_time(start: datetime, step: timedelta, calendar: KrxCalendar = KRX) -> datetime:
    """The moment ``step`` of session time after ``start``: closed hours do not count, and a moment exactly
    at a closing bell is the next trading day's opening bell (``start`` outside a session: its next open)."""
    moment = to_korea_time(start)
    session = calendar.session(moment.date())
    if session is None or not (session.open <= moment < session.close):
        moment = calendar.next_open(moment)
        session = calendar.session(moment.date())
    left = step
    while True:
        room = session.close - moment
        if left < room:
            return moment + left
        left -= room
        session = calendar.session(calendar.next_trading_day(session.day))
        moment = session.open


# ---------------------------------------------------------------------------------------------------
# Parsing what people type: the CLI's --clock and the HTTP control API's JSON
# ---------------------------------------------------------------------------------------------------
CLOCK_FORMS = (
    "wall (실제 시각) · course (항상 열린 장, 기본) · course:10 (10배속) · fixed (고정, 기본 2026-11-20 15:30) · "
    "fixed@2026-11-20T10:00 · fast:60 (실제 달력을 60배속) · fast:60@2026-11-20T09:00"
)


def parse_moment(text: str) -> datetime:
    """A moment as people write it: ``2026-12-02T10:00:00+09:00``, ``2026-12-02T10:00`` or ``2026-12-02 10:00``
    (Korea time when no offset is given), or a date alone (09:00 that day, the opening bell)."""
    if not isinstance(text, str) or not text.strip():
        raise ClockError("시각을 '2026-12-02T10:00:00+09:00' 형식의 글자로 주세요 (a moment is an ISO 8601 string)")
    value = text.strip()
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), datetime.min.time()).replace(hour=9)
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ClockError(
            f"시각 {value!r}을(를) 읽을 수 없습니다. '2026-12-02T10:00:00+09:00'처럼 쓰세요 (not an ISO 8601 moment)"
        ) from None
    return to_korea_time(moment)


def parse_clock(text: str, *, calendar: KrxCalendar = KRX, wall: Callable[[], datetime] = korea_now) -> MarketClock:
    """A :class:`MarketClock` from the CLI form ``MODE[:SPEED][@START]`` (see :data:`CLOCK_FORMS`)."""
    if not isinstance(text, str) or not text.strip():
        raise ClockError(f"시계 설정이 비어 있습니다. 쓸 수 있는 형식: {CLOCK_FORMS}")
    spec_text, _, start_text = text.strip().partition("@")
    mode, _, speed_text = spec_text.strip().lower().partition(":")
    if mode not in MODES:
        raise ClockError(f"시계 방식 {mode!r}을(를) 모릅니다 (unknown clock mode). 쓸 수 있는 형식: {CLOCK_FORMS}")
    speed: float = 1
    if speed_text:
        try:
            speed = float(speed_text.lstrip("x×*"))
        except ValueError:
            raise ClockError(
                f"빠르기 {speed_text!r}은(는) 수가 아닙니다, 예: fast:60 (speed must be a number)"
            ) from None
        speed = int(speed) if speed.is_integer() else speed
    if mode == "wall" and start_text:
        raise ClockError("'wall' 시계는 시작 시각을 정할 수 없습니다: 실제 시각입니다 (wall takes no start)")
    start = parse_moment(start_text) if start_text else None
    return MarketClock(mode, start=start, speed=speed, calendar=calendar, wall=wall)


def apply_control(clock: MarketClock, body) -> dict:
    """Carry out one ``POST /sandbox/clock`` body — ``{"advance_seconds": N}`` or ``{"set": "ISO moment"}`` —
    and return :meth:`MarketClock.describe` after it. Bad bodies raise :class:`ClockError` (Korean)."""
    if not isinstance(body, Mapping):
        raise ClockError(
            '본문은 {"advance_seconds": 60} 또는 {"set": "2026-12-02T10:00:00+09:00"} 형식의 JSON 객체여야 합니다'
        )
    keys = set(body) & {"advance_seconds", "set"}
    unknown = set(body) - {"advance_seconds", "set"}
    if unknown or len(keys) != 1:
        raise ClockError(
            'advance_seconds와 set 중 하나만 주세요, 예: {"advance_seconds": 60} (exactly one of advance_seconds, set'
            + (f"; unknown {', '.join(sorted(map(str, unknown)))}" if unknown else "")
            + ")"
        )
    if "advance_seconds" in body:
        seconds = body["advance_seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
            raise ClockError(f"advance_seconds는 초 단위 숫자여야 합니다, 예: 60 (got {seconds!r})")
        clock.advance(seconds=seconds)
    else:
        clock.set(parse_moment(body["set"]))
    return clock.describe()
