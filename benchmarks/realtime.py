"""Benchmark: the sandbox's real-time (WebSocket) feed under load — 30 clients × 10 symbols each on an
accelerated market clock, frames per second delivered and dropped.

    python benchmarks/realtime.py              # four settings × 60 s of wall time (about 4½ minutes)
    python benchmarks/realtime.py --seconds 10 # shorter

The sandbox's WebSocket server runs in a process of its own (a ``course`` clock from 2026-11-20 10:00 at the
speed of the row); the 30 clients run in this process (asyncio, plain ``websockets`` connections that split
the frames the way the official sample does). Each client subscribes to 실시간체결가 (H0STCNT0) of 10 of the
55 sample symbols (client k takes symbols 10k … 10k+9, wrapping round, so symbols are shared). Counted:

- trades the market made for the subscriptions, and the frames and records the clients received, per second
  of wall time; "delivered" is records received over trades made;
- frames the server dropped while counting (a client's outbox over its limit) — the server's own counter;
- gaps the clients saw: consecutive records of one symbol whose 누적 거래량 (ACML_VOL) does not add up
  (previous + 체결 거래량 CNTG_VOL): a record lost anywhere shows up here, whoever counted it;
- the server process's CPU time per wall second.

Goal (sandbox's choice): at ×60 (an hour of market a minute) every record arrives, none dropped, no gaps.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from websockets.asyncio.client import connect  # noqa: E402

from kislearn.spec import KST  # noqa: E402

CLIENTS, SYMBOLS_EACH = 30, 10
START = datetime(2026, 11, 20, 10, 0, tzinfo=KST)  # mid-session (the busy first minutes are past)
SETTINGS = ((60, 1), (600, 1), (600, 10), (3000, 10))  # (clock speed, records per frame)


def run_server(pipe, speed: int, records_per_frame: int) -> None:
    """The child process: a RealtimeServer on a course clock; sends its port, keys and symbols, then its stats."""
    from kislearn.sandbox.market import Market, MarketClock
    from kislearn.sandbox.realtime import ApprovalBook, RealtimeServer
    from kislearn.sandbox.samples import demo_app

    market = Market.from_sample_data()
    approvals = ApprovalBook()
    keys = [approvals.issue(demo_app("paper", student=f"bench{k}")).key for k in range(CLIENTS)]
    clock = MarketClock("course", start=START, speed=speed)
    server = RealtimeServer(approvals, market, clock, records_per_frame=records_per_frame).start()
    pipe.send((server.port, keys, market.symbols))
    subscriptions = pipe.recv()  # "begin": the clients are subscribed; the symbols of each
    cpu, wall, before, first = time.process_time(), time.monotonic(), server.stats, clock.now()
    pipe.recv()  # "end"
    cpu, wall, after, last = time.process_time() - cpu, time.monotonic() - wall, server.stats, clock.now()
    server.stop()
    made = sum(len(market.trades(symbol, first, last)) for symbols in subscriptions for symbol in symbols)
    pipe.send({"dropped": after["frames_dropped"] - before["frames_dropped"], "cpu": cpu, "wall": wall, "made": made})


class Client:
    """One plain WebSocket client: subscribes, then counts frames, records and gaps in ACML_VOL."""

    def __init__(self, url: str, key: str, symbols: list):
        self.url, self.key, self.symbols = url, key, symbols
        self.frames = self.records = self.gaps = 0
        self.counting = False
        self._volume: dict = {}

    async def subscribe(self, websocket) -> None:
        for symbol in self.symbols:
            header = {"approval_key": self.key, "custtype": "P", "tr_type": "1", "content-type": "utf-8"}
            await websocket.send(
                json.dumps({"header": header, "body": {"input": {"tr_id": "H0STCNT0", "tr_key": symbol}}})
            )
            while (text := await websocket.recv()).startswith("0|"):  # frames of the symbols subscribed so far
                self.read(text)
            answer = json.loads(text)
            assert answer["body"]["msg_cd"] == "OPSP0000", answer

    def read(self, text: str) -> None:
        if not text.startswith("0|"):
            return  # PINGPONG
        _flag, _tr_id, count, payload = text.split("|", 3)
        values = payload.split("^")
        for k in range(int(count)):
            record = values[k * 46 : (k + 1) * 46]
            symbol, day, volume, total = record[0], record[33], int(record[12]), int(record[13])
            before = self._volume.get((symbol, day))
            if before is not None and before + volume != total:
                self.gaps += 1
            self._volume[(symbol, day)] = total
            if self.counting:
                self.records += 1
        if self.counting:
            self.frames += 1


async def run_clients(url: str, keys: list, symbols: list, seconds: float, begin: Callable) -> list:
    clients = [
        Client(url, keys[k], [symbols[(k * SYMBOLS_EACH + j) % len(symbols)] for j in range(SYMBOLS_EACH)])
        for k in range(CLIENTS)
    ]
    subscribed = [asyncio.Event() for _ in clients]

    async def run(client, ready):
        async with connect(url, compression=None, ping_interval=None, proxy=None, max_queue=None) as websocket:
            await client.subscribe(websocket)
            ready.set()
            async for text in websocket:
                client.read(text)

    tasks = [asyncio.create_task(run(c, ready)) for c, ready in zip(clients, subscribed, strict=True)]
    for ready in subscribed:
        await ready.wait()
    begin([client.symbols for client in clients])
    for client in clients:
        client.counting = True
    await asyncio.sleep(seconds)
    for client in clients:
        client.counting = False
    # tearing 30 busy connections down mid-stream: the sockets' last writes may fail, which is no news
    asyncio.get_running_loop().set_exception_handler(lambda _loop, _context: None)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return clients


def measure(speed: int, records_per_frame: int, seconds: float) -> dict:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=run_server, args=(child, speed, records_per_frame), daemon=True)
    process.start()
    port, keys, symbols = parent.recv()
    wall = time.monotonic()
    clients = asyncio.run(run_clients(f"ws://127.0.0.1:{port}", keys, symbols, seconds, parent.send))
    wall = time.monotonic() - wall
    parent.send("end")
    stats = parent.recv()
    process.join(30)
    frames, records = sum(c.frames for c in clients), sum(c.records for c in clients)
    return {
        "speed": speed,
        "per_frame": records_per_frame,
        "market_minutes": speed * seconds / 60,  # a course clock runs session time only
        "made_per_s": stats["made"] / seconds,
        "delivered": records / stats["made"] if stats["made"] else 1.0,
        "frames_per_s": frames / seconds,
        "records_per_s": records / seconds,
        "dropped": stats["dropped"],
        "dropped_per_s": stats["dropped"] / seconds,
        "gaps": sum(c.gaps for c in clients),
        "server_cpu": stats["cpu"] / stats["wall"],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="wall seconds per setting (default 60)")
    args = parser.parse_args(argv)
    print(f"{CLIENTS} clients × {SYMBOLS_EACH} symbols each (H0STCNT0), {args.seconds:g} s of wall time per row")
    print(
        f"{'clock':>7}{'rec/frame':>10}{'market':>9}{'trades/s':>10}{'frames/s':>10}{'records/s':>11}"
        f"{'delivered':>11}{'dropped':>9}{'dropped/s':>11}{'gaps':>6}{'server CPU':>12}"
    )
    for speed, per_frame in SETTINGS:
        row = measure(speed, per_frame, args.seconds)
        print(
            f"{'×' + str(speed):>7}{per_frame:>10}{row['market_minutes']:>7.0f} m{row['made_per_s']:>10,.0f}"
            f"{row['frames_per_s']:>10,.0f}{row['records_per_s']:>11,.0f}{row['delivered']:>11.1%}"
            f"{row['dropped']:>9,}{row['dropped_per_s']:>11,.1f}{row['gaps']:>6}{row['server_cpu']:>12.0%}",
            flush=True,
        )
    print(
        "trades/s: what the market made for the 300 subscriptions; delivered: records received / trades made "
        "(under 100%: the server fell behind the clock or skipped a day); gaps: records missing in ACML_VOL"
    )


if __name__ == "__main__":
    main()
