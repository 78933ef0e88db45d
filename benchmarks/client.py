"""Benchmark: kislearn vs mojito2 vs bare requests against the same sandbox, side by side in one run.

    python benchmarks/client.py            # about a minute (the paper burst alone takes ~50 s)
    python benchmarks/client.py --quick    # fewer rounds, a 20-call burst

Prints one table:
- median milliseconds per fetch_price / fetch_balance (a one-page account and the 55-holding one), measured
  round-robin (kislearn, mojito2, requests, kislearn, ...) so machine noise hits all three alike, against a
  sandbox in its own process with its limits switched off, and the TCP connections each call opens: kislearn
  and the hand-written ``requests`` keep one ``requests.Session`` alive; mojito2 calls ``requests.get``, a new
  connection for every call. mojito2's 55-holding balance never ends (it asks for page 1 again and again,
  see lesson 04), so that cell shows what a guard stopped after 30 pages;
- constructor time with a cached token (kislearn's JSON cache vs mojito2's token.dat);
- a burst of calls in paper mode against a sandbox that enforces 2 calls a second: wall time and calls
  the server rejected (EGW00201). Goal for kislearn: none rejected, within 10% of the ideal 2 calls/s.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import mojito
import requests

from kislearn import KoreaInvestment, spec
from kislearn.sandbox import Sandbox, SandboxRules, demo_app

SMALL, LARGE = "50010002-01", "50010003-01"
APP = demo_app("paper")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def sandbox_process(port: int):
    """A sandbox in its own process (no limits), so its work does not share this process's GIL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kislearn", "sandbox", "--port", str(port), "--no-limits"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{url}/sandbox/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


class BareRequests:
    """What a learner writes by hand: requests.get with the headers, one page, no checks."""

    def __init__(self, base_url: str, token: str):
        self.base_url, self.session = base_url, requests.Session()
        self.headers = {
            "content-type": "application/json; charset=utf-8",
            "authorization": f"Bearer {token}",
            "appkey": APP.appkey,
            "appsecret": APP.appsecret,
            "custtype": "P",
        }

    def fetch_price(self, symbol: str) -> dict:
        return self.session.get(
            self.base_url + spec.PRICE_PATH,
            headers={**self.headers, "tr_id": "FHKST01010100"},
            params={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": symbol},
        ).json()

    def fetch_balance(self, account: str) -> dict:
        cano, product = account.split("-")
        params = {
            "CANO": cano,
            "ACNT_PRDT_CD": product,
            "AFHR_FLPR_YN": "N",
            "OFL_YN": "",
            "INQR_DVSN": "01",
            "UNPR_DVSN": "01",
            "FUND_STTL_ICLD_YN": "N",
            "FNCG_AMT_AUTO_RDPT_YN": "N",
            "PRCS_DVSN": "00",
            "CTX_AREA_FK100": "",
            "CTX_AREA_NK100": "",
        }
        return self.session.get(
            self.base_url + spec.BALANCE_PATH, headers={**self.headers, "tr_id": "VTTC8434R"}, params=params
        ).json()


def mojito_client(base_url: str, account: str) -> mojito.KoreaInvestment:
    """mojito2, unmodified but for its base URL."""

    class PointedAtSandbox(mojito.KoreaInvestment):
        def set_base_url(self, mock: bool = True):
            self.base_url = base_url

    return PointedAtSandbox(APP.appkey, APP.appsecret, account, mock=True)


def kislearn_client(base_url: str, account: str, cache: Path, **options) -> KoreaInvestment:
    return KoreaInvestment(
        APP.appkey, APP.appsecret, account, mock=True, base_url=base_url, token_cache=cache, **options
    )


class NewConnections:
    """Counts the TCP connections urllib3 opens (every ``requests`` call ends there) inside ``with``."""

    def __init__(self):
        import urllib3.connection

        self.count, self._cls = 0, urllib3.connection.HTTPConnection
        self._original = self._cls._new_conn

    def __enter__(self):
        def counting(connection):
            self.count += 1
            return self._original(connection)

        self._cls._new_conn = counting
        return self

    def __exit__(self, *exc_info):
        self._cls._new_conn = self._original


class StopLooping(Exception):
    """Raised by ``pages_until_stopped`` to end a loop that would not end."""


def pages_until_stopped(call, limit: int = 30) -> int:
    """How many balance pages ``call`` asks for, stopped after ``limit`` (mojito2 on the 55-holding account)."""
    send, sent = requests.Session.send, [0]

    def counting_send(session, prepared, **options):
        if spec.BALANCE_PATH in prepared.url:
            sent[0] += 1
            if sent[0] > limit:
                raise StopLooping
        return send(session, prepared, **options)

    requests.Session.send = counting_send
    try:
        call()
    except StopLooping:
        pass
    finally:
        requests.Session.send = send
    return sent[0]  # limit + 1 when stopped: the one refused


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def round_robin(rounds: int, calls: dict) -> dict:
    """Run every call once per round, in turn; return each one's list of durations."""
    durations = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            durations[name].append(timed(call))
    return durations


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and a 20-call burst")
    args = parser.parse_args()
    rounds, burst = (15, 20) if args.quick else (60, 100)
    work = Path(tempfile.mkdtemp(prefix="kislearn-bench-"))
    os.chdir(work)  # mojito2 writes token.dat into the current folder
    rows = []

    with sandbox_process(free_port()) as server:
        paper = f"{server}/paper"
        ours = {
            account: kislearn_client(paper, account, work / "cache", calls_per_second=None)
            for account in (SMALL, LARGE)
        }
        theirs = {account: mojito_client(paper, account) for account in (SMALL, LARGE)}
        bare = BareRequests(paper, ours[SMALL].access_token.split()[1])

        for label, calls in [
            (
                "fetch_price('005930')",
                {
                    "kislearn": lambda: ours[SMALL].fetch_price("005930"),
                    "mojito2": lambda: theirs[SMALL].fetch_price("005930"),
                    "requests": lambda: bare.fetch_price("005930"),
                },
            ),
            (
                "fetch_balance() 6 holdings",
                {
                    "kislearn": ours[SMALL].fetch_balance,
                    "mojito2": theirs[SMALL].fetch_balance,
                    "requests": lambda: bare.fetch_balance(SMALL),
                },
            ),
        ]:
            durations = round_robin(rounds, calls)
            medians = {name: statistics.median(values) for name, values in durations.items()}
            rows.append((label, medians))

        # the 55-holding account: mojito2 never finishes, so it is left out of the timing
        durations = round_robin(
            rounds, {"kislearn": ours[LARGE].fetch_balance, "requests": lambda: bare.fetch_balance(LARGE)}
        )
        rows.append(("fetch_balance() 55 holdings", {name: statistics.median(v) for name, v in durations.items()}))
        mojito_pages = pages_until_stopped(theirs[LARGE].fetch_balance)

        connections = {}
        for name, call in [
            ("kislearn", lambda: ours[SMALL].fetch_price("005930")),
            ("mojito2", lambda: theirs[SMALL].fetch_price("005930")),
            ("requests", lambda: bare.fetch_price("005930")),
        ]:
            call()  # a first call may open the session's connection
            with NewConnections() as opened:
                for _ in range(20):
                    call()
            connections[name] = opened.count / 20

        got = {
            "kislearn": len(ours[LARGE].fetch_balance()["output1"]),
            "mojito2": "∞",
            "requests": len(bare.fetch_balance(LARGE)["output1"]),
        }
        summaries = {
            "kislearn": len(ours[LARGE].fetch_balance()["output2"]),
            "mojito2": "—",
            "requests": len(bare.fetch_balance(LARGE)["output2"]),
        }

        constructors = round_robin(
            rounds,
            {
                "kislearn": lambda: kislearn_client(paper, SMALL, work / "cache"),
                "mojito2": lambda: mojito_client(paper, SMALL),
                "requests": lambda: None,
            },
        )
        rows.append(
            (
                "constructor, cached token",
                {name: statistics.median(values) for name, values in constructors.items() if name != "requests"},
            )
        )

    # The burst: a sandbox that enforces paper's 2 calls a second (token rule off: both clients log in).
    burst_rows = []
    rules = SandboxRules(token_issue_interval=None)
    for name in ("kislearn", "mojito2"):
        with Sandbox(rules=rules) as strict:
            paper = strict.url_for("paper")
            client = (
                kislearn_client(paper, SMALL, work / f"burst-{name}")
                if name == "kislearn"
                else mojito_client(paper, SMALL)
            )
            rejected = 0
            start = time.perf_counter()
            for _ in range(burst):
                try:
                    answer = client.fetch_price("005930")
                except Exception:  # kislearn raises RateLimitError only after its retries
                    rejected += 1
                    continue
                rejected += answer.get("msg_cd") == "EGW00201"
            wall = time.perf_counter() - start
            burst_rows.append((name, wall, rejected, strict.stats["rate_limited"]))

    print(f"\nkislearn benchmark — {rounds} rounds, round-robin, medians in milliseconds; sandbox on loopback\n")
    print(f"{'':30} {'kislearn':>9} {'mojito2':>9} {'requests':>9}   mojito2/kislearn (>1: kislearn faster)")
    for label, medians in rows:
        cells = [ms(medians[name]) if name in medians else f"{'—':>8}" for name in ("kislearn", "mojito2", "requests")]
        ratio = f"{medians['mojito2'] / medians['kislearn']:6.2f}×" if "mojito2" in medians else "     —"
        print(f"{label:30} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9}   {ratio}")
    line = "  TCP connections per call"
    cells = [f"{connections[name]:.2f}" for name in ("kislearn", "mojito2", "requests")]
    print(
        f"{line:30} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9}   (one kept-alive session vs a new connection per call)"
    )
    print(f"{'  rows returned (55 held)':30} {got['kislearn']:>9} {got['mojito2']:>9} {got['requests']:>9}")
    print(
        f"{'  output2 summaries returned':30} {summaries['kislearn']:>9} {summaries['mojito2']:>9} "
        f"{summaries['requests']:>9}"
    )
    print(
        f"  ∞ mojito2 asked for page 1 again and again (never tr_cont: N); a guard stopped it after {mojito_pages - 1}"
    )

    ideal = (burst - 2) / 2  # two calls go at once, then one every half second
    print(f"\nburst of {burst} fetch_price calls in paper mode (server enforces 2 calls/s; ideal ≈ {ideal:.1f} s)\n")
    print(f"{'':12} {'wall s':>8} {'vs ideal':>9} {'rejected (client saw)':>22} {'EGW00201 sent':>14}")
    for name, wall, rejected, refused in burst_rows:
        print(f"{name:12} {wall:8.2f} {wall / ideal - 1:+9.1%} {rejected:>22} {refused:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
