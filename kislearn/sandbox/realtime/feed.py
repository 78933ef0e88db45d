"""The price feeds: the market's trades as data frames, as the market clock moves.

Each subscription keeps a cursor, the market moment up to which its trades were sent; on every step of the
server's feed loop it gets the records of the trades after the cursor up to the clock's now, and the cursor
moves to now::

    frames = due_frames(session, tapes, clock.now())   # "0|H0STCNT0|001|005930^090312^97700^..." ...

So on a fixed clock nothing arrives until the clock is moved, and then exactly the trades the path made in
between (tests rely on it); on a running clock the trades arrive as they happen. Within one step the frames go
out subscription by subscription, in the order they were made (each subscription's in time order).

Sandbox's choices: a subscription starts with the trades after the moment it was made (no history is
replayed); when the clock jumps over whole days, only the trades of the latest trading day up to now are sent,
with the rest of the day before when the cursor was in it (a course clock's jump from one closing bell to the
next opening bell loses nothing; a live feed does not replay older days); one record per frame unless
``records_per_frame`` says
more — KIS packs several records into one frame when data is heavy (the workbook), but the official sample's
reader reads only the first record of a frame, and at the pace of a real market a symbol trades seconds apart.
"""

from __future__ import annotations

from datetime import datetime

from kislearn.realtime_format import data_frame
from kislearn.sandbox.realtime.records import RECORD_MAKERS
from kislearn.sandbox.realtime.tape import TapeLibrary


def new_records(tapes: TapeLibrary, subscription, now: datetime) -> list:
    """The record texts of ``subscription``'s trades after its cursor up to ``now``; moves the cursor to ``now``."""
    start = subscription.cursor
    if now <= start:
        return []
    subscription.cursor = now
    records = []
    make = RECORD_MAKERS[subscription.tr_id]
    for day in days_to_send(tapes.market.calendar, start, now):
        tape = tapes.get(subscription.tr_key, day)
        if tape is not None:
            first, last = tape.path.count_at(start), tape.path.count_at(now)
            records += [tape.record_text(subscription.tr_id, i, make) for i in range(first, last)]
    return records


def days_to_send(calendar, start: datetime, now: datetime) -> list:
    """The trading days whose trades after ``start`` up to ``now`` a feed sends: now's trading day, and the one
    before when ``start`` was in it (so a closing bell is never missed); older days are not replayed."""
    day = calendar.on_or_before(now.date())
    started = calendar.on_or_before(start.date())
    if started == day:
        return [day]
    previous = calendar.previous_trading_day(day)
    return [previous, day] if started == previous else [day]


def due_frames(session, tapes: TapeLibrary, now: datetime, records_per_frame: int = 1) -> list:
    """Every data frame ``session``'s price subscriptions have due at ``now`` (see the module docstring), as
    ``(frame, records in it)`` pairs."""
    frames = []
    for subscription in session.price_subscriptions():
        records = new_records(tapes, subscription, now)
        for start in range(0, len(records), records_per_frame):
            chunk = records[start : start + records_per_frame]
            frames.append((data_frame(subscription.tr_id, chunk), len(chunk)))
    return frames
