"""Benchmark: the living market model (kislearn.sandbox.market), cold and warm, in one run.

    python benchmarks/market.py            # about half a minute
    python benchmarks/market.py --quick    # fewer rounds

Prints one table of medians:
- a quote (주식현재가 시세 output) — cold: a new Market (the symbol's history and today's path are made);
  warm: the same Market asked again at a later second;
- a 100-row daily chart (국내주식기간별시세, D) and a day's minute bars (주식일별분봉조회 walking a whole day);
- the quotes of all 55 sample symbols at one moment (what valuing the largest sample account needs);
- memory: 55 symbols' daily bars over two years, then with one day's path each (tracemalloc, peak).

Goals (sandbox's choice): a warm quote under 1 ms; a cold quote under 100 ms; the 55 symbols' two years of bars
and a day of paths under 100 MB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kislearn.sandbox.market import Market  # noqa: E402
from kislearn.sandbox.market.charts import daily_minutes, period_chart  # noqa: E402
from kislearn.spec import KST  # noqa: E402

MOMENT = datetime(2026, 12, 2, 11, 11, 11, tzinfo=KST)
SYMBOL = "005930"


def median_ms(run, rounds: int, fresh: bool) -> float:
    """Median milliseconds of ``run(market, k)``, with a new Market every round (cold) or one shared (warm)."""
    shared = Market.from_sample_data()
    if not fresh:
        run(shared, -1)  # warm it up
    times = []
    for k in range(rounds):
        market = Market.from_sample_data() if fresh else shared
        start = time.perf_counter()
        run(market, k)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def quote(market, k):
    market.quote(SYMBOL, MOMENT + timedelta(seconds=max(k, 0)))


def daily_chart(market, k):
    period_chart(market, SYMBOL, MOMENT, start=date(1980, 1, 4), end=MOMENT.date(), period="D")


def day_minutes(market, k):
    hour = "153000"
    while True:
        rows = daily_minutes(market, SYMBOL, MOMENT, date(2026, 11, 20), hour, include_past=False).output2
        last = datetime.strptime(rows[-1]["stck_cntg_hour"], "%H%M%S") - timedelta(minutes=1)
        if last.hour < 9:
            return
        hour = last.strftime("%H%M%S")


def all_quotes(market, k):
    for symbol in market.symbols:
        market.quote(symbol, MOMENT + timedelta(seconds=max(k, 0)))


def memory_mb() -> tuple:
    tracemalloc.start()
    market = Market.from_sample_data()
    for symbol in market.symbols:
        market.daily_bars(symbol, date(2024, 12, 2), MOMENT.date())
    bars = tracemalloc.get_traced_memory()[0] / 2**20
    for symbol in market.symbols:
        market.day_path(symbol, MOMENT.date())
    with_paths = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return bars, with_paths


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 7
    rows = []
    for name, run, cold_rounds in (
        ("quote (inquire-price)", quote, rounds),
        ("100-row daily chart", daily_chart, rounds),
        ("a day's minute bars (4 calls)", day_minutes, rounds),
        ("55 symbols' quotes", all_quotes, max(rounds // 2, 2)),
    ):
        cold = median_ms(run, cold_rounds, fresh=True)
        warm = median_ms(run, rounds * 5, fresh=False)
        rows.append((name, cold, warm))
    bars, with_paths = memory_mb()
    print(f"{'what':<32}{'cold ms':>10}{'warm ms':>10}{'cold/warm':>11}")
    for name, cold, warm in rows:
        print(f"{name:<32}{cold:>10.1f}{warm:>10.2f}{cold / warm:>10.0f}×")
    print(f"{'memory: 55 symbols, 2 years':<32}{bars:>10.1f} MB (daily bars)")
    print(f"{'  + one day path each':<32}{with_paths:>10.1f} MB (peak)")


if __name__ == "__main__":
    main()
