"""Benchmark: the sandbox server under a classroom's load, today's code side by side with another checkout.

    python benchmarks/server.py                                # this checkout only (about 2 minutes)
    python benchmarks/server.py --baseline /tmp/kislearn-main  # and an older checkout, in the same run
    python benchmarks/server.py --quick                        # smaller numbers, for a quick look

(An older checkout: ``git archive e8625d2 | tar -x -C /tmp/kislearn-main``.)

Each checkout's sandbox runs in its own process (``python -m kislearn sandbox --no-limits``, that checkout's
code), measured with the same clients; the load test runs in alternating rounds (median of 3). Prints one table:

- **load**: 100 concurrent clients (4 processes × 25 threads), each with its own app key and one
  ``requests.Session``, making 60 mixed calls (price, the small balance, the 55-holding balance page by page,
  a market buy): errors, latency p50/p99/max, calls per second, TCP connections opened;
- **stalled connections**: 2,000 connections that connect and send nothing, held 20 s, while a client makes a
  call every 0.25 s: the slowest answer during, and after they close; then the same with 2,000 connections that
  each send half a request (a request line and one header) and stall;
- **reads while trading**: 300 ``fetch_balance()`` of the 55-holding account while the same app key keeps
  buying: how many came back inconsistent (``consistency.check_balance``), how many raised;
- **memory**: the sandbox process's resident memory after 2,000 app keys each buy once on the 55-holding
  account (Linux only).

Goals (issue 10): 0 errors under load; during 2,000 stalled connections and after, every call within 1 s;
no inconsistent balance read; memory bounded.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

SMALL, LARGE, EMPTY = "50010002-01", "50010003-01", "50010001-01"
PRICE = "/uapi/domestic-stock/v1/quotations/inquire-price"
BALANCE = "/uapi/domestic-stock/v1/trading/inquire-balance"
ORDER = "/uapi/domestic-stock/v1/trading/order-cash"
BALANCE_QUERY = {
    "AFHR_FLPR_YN": "N",
    "OFL_YN": "",
    "INQR_DVSN": "01",
    "UNPR_DVSN": "01",
    "FUND_STTL_ICLD_YN": "N",
    "FNCG_AMT_AUTO_RDPT_YN": "N",
    "PRCS_DVSN": "00",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def code_env(checkout: str | None) -> dict:
    """The environment that makes ``python`` import kislearn from ``checkout`` (None: this one)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if checkout:
        env["PYTHONPATH"] = os.pathsep.join([str(checkout), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


@contextmanager
def sandbox_process(checkout: str | None):
    """A sandbox of ``checkout``'s code in its own process, with its limits off; yields (url, pid)."""
    import requests

    port = free_port()
    command = [sys.executable, "-m", "kislearn", "sandbox", "--port", str(port), "--no-limits"]
    process = subprocess.Popen(
        command, env=code_env(checkout), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/"
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.get(f"{url}/sandbox/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


# ---------------------------------------------------------------------------------------------------
# A client of the load test (runs in worker processes)
# ---------------------------------------------------------------------------------------------------
class Client:
    """One learner: its own app key, one requests.Session, KIS-style calls on the paper host."""

    def __init__(self, url: str, name: str):
        import requests

        from kislearn.sandbox import demo_app

        self.app = demo_app("paper", student=name)
        self.base = f"{url}/paper"
        self.session = requests.Session()
        self.session.trust_env = False
        body = {"grant_type": "client_credentials", "appkey": self.app.appkey, "appsecret": self.app.appsecret}
        token = self.session.post(self.base + "/oauth2/tokenP", json=body, timeout=30).json()["access_token"]
        self.headers = {
            "content-type": "application/json; charset=utf-8",
            "authorization": f"Bearer {token}",
            "appkey": self.app.appkey,
            "appsecret": self.app.appsecret,
            "custtype": "P",
        }

    def get(self, path: str, tr_id: str, params: dict, tr_cont: str = ""):
        headers = {**self.headers, "tr_id": tr_id, "tr_cont": tr_cont}
        return self.session.get(self.base + path, headers=headers, params=params, timeout=30)

    def price(self):
        return [self.get(PRICE, "FHKST01010100", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"})]

    def balance(self, account: str):
        cano, product = account.split("-")
        params = {"CANO": cano, "ACNT_PRDT_CD": product, **BALANCE_QUERY, "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""}
        answers = [self.get(BALANCE, "VTTC8434R", params)]
        while answers[-1].headers.get("tr_cont") in ("F", "M") and len(answers) < 10:
            body = answers[-1].json()
            params.update(CTX_AREA_FK100=body["ctx_area_fk100"], CTX_AREA_NK100=body["ctx_area_nk100"])
            answers.append(self.get(BALANCE, "VTTC8434R", params, tr_cont="N"))
        return answers

    def buy(self, account: str = EMPTY):
        cano, product = account.split("-")
        body = {"CANO": cano, "ACNT_PRDT_CD": product, "PDNO": "005930", "ORD_DVSN": "01", "ORD_QTY": "1"}
        body["ORD_UNPR"] = "0"
        headers = {**self.headers, "tr_id": "VTTC0012U"}
        return [self.session.post(self.base + ORDER, headers=headers, json=body, timeout=30)]


def ok(answer) -> bool:
    try:
        return answer.status_code == 200 and answer.json().get("rt_cd") == "0"
    except ValueError:
        return False


def load_worker(url: str, first: int, threads: int, calls: int, start_at: float, results) -> None:
    """``threads`` clients in this process; each makes ``calls`` calls (a call = one HTTP request)."""
    import urllib3.connection

    opened = [0]
    new_socket = urllib3.connection.HTTPConnection._new_conn  # every TCP connection urllib3 opens

    def counting_new_socket(connection):
        opened[0] += 1
        return new_socket(connection)

    urllib3.connection.HTTPConnection._new_conn = counting_new_socket
    clients = [Client(url, f"load{first + i}") for i in range(threads)]
    opened[0] = 0  # count the connections of the measured calls only
    latencies, errors = [], [0]
    lock = threading.Lock()

    def run(client: Client) -> None:
        steps = [client.price, lambda: client.balance(SMALL), lambda: client.balance(LARGE), client.buy]
        done, mine, my_errors = 0, [], 0
        while time.time() < start_at:
            time.sleep(0.001)
        while done < calls:
            for step in steps:
                started = time.perf_counter()
                try:
                    answers = step()
                    elapsed = (time.perf_counter() - started) / len(answers)
                    mine += [elapsed] * len(answers)
                    my_errors += sum(not ok(a) for a in answers)
                    done += len(answers)
                except Exception:  # a refused or broken connection counts as an error
                    my_errors += 1
                    done += 1
                if done >= calls:
                    break
        with lock:
            latencies.extend(mine)
            errors[0] += my_errors

    workers = [threading.Thread(target=run, args=(client,)) for client in clients]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put({"latencies": latencies, "errors": errors[0], "connections": opened[0]})


def measure_load(url: str, clients: int, calls: int) -> dict:
    processes = 4
    per_process = clients // processes
    results = multiprocessing.Queue()
    start_at = time.time() + 3 + clients * 0.02  # time to log every client in first
    workers = [
        multiprocessing.Process(target=load_worker, args=(url, i * per_process, per_process, calls, start_at, results))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    collected = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    wall = time.time() - start_at
    latencies = sorted(x for c in collected for x in c["latencies"])
    return {
        "calls": len(latencies),
        "errors": sum(c["errors"] for c in collected),
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "max": latencies[-1],
        "per_second": len(latencies) / wall,
        "connections": sum(c["connections"] for c in collected),
    }


# ---------------------------------------------------------------------------------------------------
# Stalled connections
# ---------------------------------------------------------------------------------------------------
def measure_stalls(url: str, stalled: int, hold: float, first_bytes: bytes = b"") -> dict:
    """``stalled`` connections held ``hold`` seconds, each having sent ``first_bytes`` (nothing, or part of a
    request), while a prober calls every 0.25 s."""
    port = int(url.rsplit(":", 1)[1])
    client = Client(url, "prober")
    during, after, refused = [], [], [0]
    phase = ["before"]
    stop = threading.Event()

    def probe():
        while not stop.is_set():
            started = time.perf_counter()
            try:
                answer = client.price()[0]
                if not ok(answer):
                    refused[0] += 1
            except Exception:
                refused[0] += 1
            elapsed = time.perf_counter() - started
            (during if phase[0] == "during" else after if phase[0] == "after" else []).append(elapsed)
            stop.wait(0.25)

    prober = threading.Thread(target=probe)
    prober.start()
    connections = []
    phase[0] = "during"
    started = time.monotonic()
    for _ in range(stalled):
        try:
            connection = socket.create_connection(("127.0.0.1", port), timeout=10)
            if first_bytes:
                connection.sendall(first_bytes)
            connections.append(connection)
        except OSError:
            break
    time.sleep(max(0.0, hold - (time.monotonic() - started)))
    phase[0] = "after"
    for connection in connections:
        connection.close()
    time.sleep(5)
    stop.set()
    prober.join()
    return {
        "opened": len(connections),
        "worst_during": max(during, default=float("nan")),
        "worst_after": max(after, default=float("nan")),
        "failed_calls": refused[0],
    }


# ---------------------------------------------------------------------------------------------------
# Reads while the same app key trades
# ---------------------------------------------------------------------------------------------------
def measure_reads_while_trading(url: str, reads: int) -> dict:
    import tempfile

    from kislearn import KoreaInvestment
    from kislearn.consistency import check_balance
    from kislearn.sandbox import demo_app

    app = demo_app("paper", student="trader")
    cache = tempfile.mkdtemp()
    broker = KoreaInvestment(
        app.appkey, app.appsecret, LARGE, mock=True, base_url=f"{url}/paper", token_cache=cache, calls_per_second=None
    )
    trader = KoreaInvestment(
        app.appkey, app.appsecret, LARGE, mock=True, base_url=f"{url}/paper", token_cache=cache, calls_per_second=None
    )
    stop = threading.Event()

    def trade():
        while not stop.is_set():
            trader.create_market_buy_order("005930", 1)

    trading = threading.Thread(target=trade)
    trading.start()
    inconsistent = raised = 0
    try:
        for _ in range(reads):
            try:
                balance = broker.fetch_balance()
            except Exception:
                raised += 1
                continue
            inconsistent += bool(check_balance(balance["output1"], balance["output2"]))
    finally:
        stop.set()
        trading.join()
    return {"reads": reads, "inconsistent": inconsistent, "raised": raised}


# ---------------------------------------------------------------------------------------------------
# Memory
# ---------------------------------------------------------------------------------------------------
def resident_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def measure_memory(url: str, pid: int, keys: int) -> dict:
    before = resident_mb(pid)
    for i in range(keys):
        Client(url, f"memory{i}").buy(LARGE)  # each key's own copy of the 55-holding account
    return {"keys": keys, "before": before, "after": resident_mb(pid)}


# ---------------------------------------------------------------------------------------------------
SIZES = {  # clients, calls each, stalled connections, seconds held, reads while trading, app keys for memory
    "full": {"clients": 100, "calls": 60, "stalled": 2000, "hold": 20, "reads": 300, "keys": 2000, "rounds": 3},
    "quick": {"clients": 20, "calls": 30, "stalled": 300, "hold": 5, "reads": 60, "keys": 200, "rounds": 1},
}


def median_of(runs: list) -> dict:
    """Each figure's median over the rounds."""
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def measure_all(checkouts: dict, size: dict) -> dict:
    """Every measurement of every checkout; the load test in alternating rounds so machine noise hits all alike.
    The clients are this checkout's code, except for the reads while trading: those use each checkout's own
    kislearn client (``fetch_balance``), in a child process that imports it."""
    results = {name: {"setup": size} for name in checkouts}
    loads = {name: [] for name in checkouts}
    for _round in range(size["rounds"]):
        for name, checkout in checkouts.items():
            with sandbox_process(checkout) as (url, _pid):
                loads[name].append(measure_load(url, size["clients"], size["calls"]))
    for name, checkout in checkouts.items():
        results[name]["load"] = median_of(loads[name])
        with sandbox_process(checkout) as (url, _pid):
            results[name]["stalls"] = measure_stalls(url, size["stalled"], size["hold"])
        with sandbox_process(checkout) as (url, _pid):
            half = b"GET /sandbox/health HTTP/1.1\r\nHost: x\r\n"  # a request line and a header, then nothing
            results[name]["half_sent"] = measure_stalls(url, size["stalled"], size["hold"], half)
        with sandbox_process(checkout) as (url, pid):
            results[name]["memory"] = measure_memory(url, pid, size["keys"])
        command = [sys.executable, os.path.abspath(__file__), "--reads-while-trading", str(size["reads"])]
        done = subprocess.run(command, env=code_env(checkout), capture_output=True, text=True, check=True, cwd="/")
        results[name]["trading"] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


def reads_while_trading_here(reads: int) -> dict:
    """The reads-while-trading measurement with the kislearn this process imports, against its own sandbox."""
    with sandbox_process(None) as (url, _pid):
        return measure_reads_while_trading(url, reads)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def print_table(columns: dict) -> None:
    names = list(columns)
    setup = next(iter(columns.values()))["setup"]
    rows = [
        (f"load: {setup['clients']} clients × {setup['calls']} mixed calls", None),
        ("  calls answered", lambda r: f"{r['load']['calls']:,.0f}"),
        ("  errors", lambda r: f"{r['load']['errors']:,.0f}"),
        ("  latency p50", lambda r: ms(r["load"]["p50"])),
        ("  latency p99", lambda r: ms(r["load"]["p99"])),
        ("  latency max", lambda r: ms(r["load"]["max"])),
        ("  calls per second", lambda r: f"{r['load']['per_second']:,.0f}"),
        ("  new TCP connections (after logging in)", lambda r: f"{r['load']['connections']:,.0f}"),
        (f"stalled: {setup['stalled']:,} silent connections held {setup['hold']} s", None),
        ("  connections opened", lambda r: f"{r['stalls']['opened']:,}"),
        ("  slowest call during", lambda r: ms(r["stalls"]["worst_during"])),
        ("  slowest call after", lambda r: ms(r["stalls"]["worst_after"])),
        ("  failed calls", lambda r: f"{r['stalls']['failed_calls']}"),
        (f"stalled: {setup['stalled']:,} half-sent requests held {setup['hold']} s", None),
        ("  connections opened", lambda r: f"{r['half_sent']['opened']:,}"),
        ("  slowest call during", lambda r: ms(r["half_sent"]["worst_during"])),
        ("  slowest call after", lambda r: ms(r["half_sent"]["worst_after"])),
        ("  failed calls", lambda r: f"{r['half_sent']['failed_calls']}"),
        ("reads while the same key trades", None),
        ("  fetch_balance() calls", lambda r: f"{r['trading']['reads']}"),
        ("  inconsistent results", lambda r: f"{r['trading']['inconsistent']}"),
        ("  raised (SYDB0050 twice)", lambda r: f"{r['trading']['raised']}"),
        ("memory (sandbox process)", None),
        ("  resident before", lambda r: f"{r['memory']['before']:.0f} MB"),
        (f"  after {setup['keys']:,} app keys each buy once", lambda r: f"{r['memory']['after']:.0f} MB"),
    ]
    width = 46
    rounds = f"load: median of {setup['rounds']} alternating rounds" if setup["rounds"] > 1 else "load: one round"
    print(f"\nkislearn sandbox server benchmark — {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}; {rounds}\n")
    print(f"{'':{width}}" + "".join(f"{name:>18}" for name in names))
    for label, cell in rows:
        if cell is None:
            print(label)
        else:
            print(f"{label:{width}}" + "".join(f"{cell(columns[name]):>18}" for name in names))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="DIR", help="an older checkout to measure side by side")
    parser.add_argument("--quick", action="store_true", help="smaller numbers")
    parser.add_argument("--reads-while-trading", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if os.name == "posix":  # thousands of sockets, here and in the sandbox processes started from here
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    if args.reads_while_trading:
        print(json.dumps(reads_while_trading_here(args.reads_while_trading)))
        return 0
    checkouts = {"baseline": args.baseline} if args.baseline else {}
    checkouts["this checkout"] = None
    print_table(measure_all(checkouts, SIZES["quick" if args.quick else "full"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
