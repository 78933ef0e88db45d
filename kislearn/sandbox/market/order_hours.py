"""When KIS takes an order: the answer an order gets at a moment of the market clock, by flavour.

Facts (with sources) and choices:

- **Paper (모의투자)** — users' records: orders are taken only in the regular session, 09:00–15:30 on trading
  days; before it ``40570000`` "모의투자 장시작전 입니다.", after it ``40580000`` "모의투자 장종료 입니다." (seen
  at 21:50 KST, and for cancels after 15:30). On weekends and holidays the sandbox answers 장종료. # sandbox's choice
  예약주문 (주식예약주문, CTSC0008U) is "모의투자 미지원" (official sheet).
- **Real (실전)** — regular orders (ORD_DVSN 00/01/…) are taken from the opening call auction (08:30) to the
  close (exchange: the auction collects orders from 08:30); outside that, ``APBK0918``
  "장운영시간이 아닙니다.(주문불가)" (users' records; the same code is also seen with other reasons). The real host
  also has after-hours order types this sandbox does not model (ORD_DVSN 05 장전 시간외 08:30–08:40, 06 장후 시간외
  15:40–16:00, 07 시간외 단일가 16:00–18:00 — KRX; NXT 08:00–20:00) and reservations, 예약주문, taken 15:40 to
  07:30 of the next business day except 23:40–00:10 (official sheet; one user saw "16:40분 이후부터 익영업일
  08:30분까지" in KIER3672 — the hours may have changed).
- **Which clocks use these hours** is the sandbox's choice (``SandboxState.order_hours``): the ``wall`` and
  ``fast`` clocks do; the ``course`` clock is always inside a session and the ``fixed`` clock (the lessons' and
  tests') takes orders at any moment it is stopped at, so in the lessons orders are always taken.
  ``SandboxRules(order_hours="krx")`` applies these hours on any clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kislearn.sandbox.market.calendar import KRX, KrxCalendar

PAPER_BEFORE_OPEN = ("40570000", "모의투자 장시작전 입니다.")
PAPER_AFTER_CLOSE = ("40580000", "모의투자 장종료 입니다.")
REAL_CLOSED = ("APBK0918", "장운영시간이 아닙니다.(주문불가)")


@dataclass(frozen=True)
class OrderWindow:
    """Whether an order is taken now; when not, the KIS answer (rt_cd "1") to send back."""

    accepted: bool
    msg_cd: str = ""
    msg1: str = ""


def order_window(moment: datetime, flavour: str, calendar: KrxCalendar = KRX) -> OrderWindow:
    """Is a regular order (주식주문(현금), 정정취소) taken at ``moment`` by the ``flavour`` host?"""
    phase = calendar.phase(moment).name
    if flavour == "paper":
        if phase in ("continuous", "closing_auction"):
            return OrderWindow(True)
        return OrderWindow(
            False, *(PAPER_BEFORE_OPEN if phase in ("before_open", "opening_auction") else PAPER_AFTER_CLOSE)
        )
    if phase in ("opening_auction", "continuous", "closing_auction"):
        return OrderWindow(True)
    return OrderWindow(False, *REAL_CLOSED)
