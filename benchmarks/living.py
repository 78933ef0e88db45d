"""Benchmark: the living market inside the sandbox (ledger, valuation, resting orders), cold and warm, in one run.

    python benchmarks/living.py            # about a minute
    python benchmarks/living.py --quick    # fewer rounds

Prints one table of medians, side by side:
- the 55-holding sample account's balance valued at the sample close (2026-11-20 15:30, where every price is its
  file's) and mid-session (2026-11-23 10:00, where each holding needs its day's path) — cold: a new market;
  warm: the same market, another second (valued anew, not the ledger's cache);
- the cost a request pays to match every app's resting orders (``Ledger.catch_up``) with 0, 100 and 500 app keys
  each holding one resting limit order, the clock one second further each time;
- a day's end for an account with a resting order (matching to the close, lapsing, rolling the books).

Goals (sandbox's choice): the large balance under 20 ms warm anywhere and under 2 ms warm at the sample close;
matching 500 resting orders under 50 ms a request.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kislearn.sandbox.costs import TradingCosts  # noqa: E402
from kislearn.sandbox.ledger import Ledger  # noqa: E402
from kislearn.sandbox.market import Market  # noqa: E402
from kislearn.sandbox.market.ticks import price_limits  # noqa: E402
from kislearn.sandbox.order_life import Exchange, place  # noqa: E402
from kislearn.sandbox.orders import Order  # noqa: E402
from kislearn.sandbox.samples import load_accounts, load_prices  # noqa: E402
from kislearn.sandbox.valuation import value_account  # noqa: E402
from kislearn.spec import KST  # noqa: E402

ACCOUNTS, PRICES = load_accounts(), load_prices()
LARGE, EMPTY = ACCOUNTS["50010003-01"], "50010001-01"
CLOSE = datetime(2026, 11, 20, 15, 30, tzinfo=KST)
MIDDAY = datetime(2026, 11, 23, 10, 0, tzinfo=KST)


def median_ms(run, rounds: int) -> float:
    times = []
    for k in range(rounds):
        start = time.perf_counter()
        run(k)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def valuation(moment: datetime, rounds: int) -> tuple:
    """(cold, warm) ms of valuing the large account at ``moment`` (+k seconds)."""

    def cold(k):
        value_account(LARGE.output1, LARGE.summary, Market(PRICES), moment)

    market = Market(PRICES)
    value_account(LARGE.output1, LARGE.summary, market, moment)

    def warm(k):
        value_account(LARGE.output1, LARGE.summary, market, moment + timedelta(seconds=k + 1))

    return median_ms(cold, max(rounds // 2, 2)), median_ms(warm, rounds * 5)


def exchange() -> Exchange:
    market = Market(PRICES)
    return Exchange(market, PRICES, TradingCosts())


def ledger_with_resting(apps: int) -> tuple:
    """A ledger where ``apps`` app keys each hold one resting limit buy of 012330 (at the lower limit)."""
    venue = exchange()
    ledger = Ledger(ACCOUNTS, venue, MIDDAY.date())
    lower = price_limits(venue.market.snapshot("012330", MIDDAY).bar.base)[1]
    order = Order("buy", "012330", "00", 1, lower)  # the day's lower limit: it rests all day

    def decide(state, odno):
        return place(state, order, venue, MIDDAY, "paper", odno)

    for number in range(apps):
        ledger.place(f"APP{number}", EMPTY, MIDDAY, decide)
    return ledger, venue


def catch_up(apps: int, rounds: int) -> float:
    ledger, _ = ledger_with_resting(apps)
    return median_ms(lambda k: ledger.catch_up(MIDDAY + timedelta(seconds=k + 1)), rounds * 5)


def day_end(rounds: int) -> float:
    def run(k):
        ledger, _ = ledger_with_resting(1)
        ledger.state("APP0", EMPTY, MIDDAY + timedelta(days=1))

    ledger_with_resting(1)  # paths made once
    return median_ms(run, rounds)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 7
    print(f"{'what':<48}{'cold ms':>10}{'warm ms':>10}")
    for name, moment in (("55-holding balance at the sample close", CLOSE), ("55-holding balance mid-session", MIDDAY)):
        cold, warm = valuation(moment, rounds)
        print(f"{name:<48}{cold:>10.1f}{warm:>10.2f}")
    for apps in (0, 100, 500):
        print(f"{f'catch-up, {apps} resting orders (per request)':<48}{'':>10}{catch_up(apps, rounds):>10.2f}")
    print(f"{'a day ends for an account with a resting order':<48}{'':>10}{day_end(rounds):>10.2f}")


if __name__ == "__main__":
    main()
