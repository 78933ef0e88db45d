"""Benchmark: the sandbox's catalog route — start-up with the 3 MB catalog, and the cost of a schema-only answer.

    python benchmarks/catalog_api.py                           # about a minute
    python benchmarks/catalog_api.py --quick                   # fewer rounds
    python benchmarks/catalog_api.py --baseline ../main        # create_app() of another checkout side by side

Two tables of medians:

1. **Start-up**, each in a fresh process (as ``python -m kislearn sandbox`` meets it): importing the app and
   ``create_app()`` — which reads apis.json (338 APIs), as the consistency rules' field lists come from the
   catalog; examples.json (3 MB) and the market's histories wait for the first schema-only answer — then
   ``catalog.apis()`` (already loaded: ~0), then that first answer (the sheet's examples, the market's history and
   today's path for the symbol asked about).
2. **Per call**, warm, over HTTP to a running sandbox (one kept-alive session, the token clock and the market
   clock fixed at a trading moment): the modelled 주식현재가 시세 beside schema-only answers of different sizes,
   rounds alternating between them so they share the machine's state; the ratio is to 주식현재가 시세.

Goals (sandbox's choice): start-up without the catalog no slower than before it existed (it is not read); a warm
schema-only answer within 10 ms on a 2-core machine, so a classroom's 20 calls a second per key stay cheap.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from kislearn import catalog, spec  # noqa: E402
from kislearn.sandbox import ManualClock, MarketClock, Sandbox, SandboxRules, demo_app  # noqa: E402

MOMENT = datetime(2026, 4, 10, 11, 0, tzinfo=spec.KST)  # a Friday, the market open
STARTUP = r"""
import sys, time
from datetime import datetime
start = time.perf_counter()
from kislearn.sandbox.app import create_app
from kislearn.sandbox import ManualClock, MarketClock, SandboxRules, demo_app
from kislearn import spec
moment = datetime(2026, 4, 10, 11, 0, tzinfo=spec.KST)
app = create_app(SandboxRules.relaxed(clock=ManualClock(moment)), clock=MarketClock("fixed", start=moment))
created = time.perf_counter()
from kislearn import catalog
catalog.apis()
loaded = time.perf_counter()
client = app.test_client()
paper = demo_app("real")
token = client.post("/oauth2/tokenP", json={"grant_type": "client_credentials", "appkey": paper.appkey,
                    "appsecret": paper.appsecret}).get_json()["access_token"]
headers = {"authorization": f"Bearer {token}", "appkey": paper.appkey, "appsecret": paper.appsecret,
           "tr_id": "FHKST01010900", "custtype": "P"}
before = time.perf_counter()
answer = client.get("/uapi/domestic-stock/v1/quotations/inquire-investor",
                    query_string={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}, headers=headers)
assert answer.get_json()["rt_cd"] == "0", answer.get_json()
first = time.perf_counter()
print(created - start, loaded - created, first - before)
"""
# (label, API name, fields): the sheet's example request is used, these fields replace its values
CALLS = [
    ("주식현재가 시세 (modelled)", "주식현재가 시세", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}),
    ("주식현재가 투자자: 30 day rows", "주식현재가 투자자", {"FID_INPUT_ISCD": "005930"}),
    ("거래량순위: 30 symbols", "거래량순위", {}),
    ("주식잔고조회_실현손익: 50 holdings", "주식잔고조회_실현손익", {"CANO": "50010003", "ACNT_PRDT_CD": "01"}),
    ("국내주식 종목추정실적: 4 sections", "국내주식 종목추정실적", {"SHT_CD": "005930"}),
    ("해외주식 현재체결가: 1 object", "해외주식 현재체결가", {}),
]


CREATE_ONLY = r"""
import time
start = time.perf_counter()
from kislearn.sandbox.app import create_app
create_app()
print(time.perf_counter() - start)
"""


def fresh(code: str, checkout: Path) -> list[float]:
    """Run ``code`` in a fresh Python process whose ``kislearn`` is ``checkout``'s; the numbers it prints."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=checkout, check=True)
    return [float(value) for value in run.stdout.split()]


def startup(runs: int, baseline: Path | None) -> list[tuple[str, float, float | None]]:
    """Median seconds of the start-up steps, each run in a fresh process; with ``baseline``, the app's creation
    in that checkout too, runs alternating."""
    steps, before = [], []
    for _ in range(runs):
        steps.append(fresh(STARTUP, ROOT))
        if baseline is not None:
            before.append(fresh(CREATE_ONLY, baseline)[0])
    names = ["import the app + create_app()", "+ load the catalog (apis.json)", "first schema-only answer"]
    rows = [(name, statistics.median(step[i] for step in steps), None) for i, name in enumerate(names)]
    if baseline is not None:
        rows[0] = (rows[0][0], rows[0][1], statistics.median(before))
    return rows


def request_of(api: catalog.Api, fields: dict) -> dict:
    example = api.examples.request if isinstance(api.examples.request, dict) else {}
    sent = {
        item.name: str(next((v for k, v in example.items() if k.upper() == item.name.upper()), ""))
        for item in api.request_fields
    }
    return {**sent, **fields}


def per_call(rounds: int) -> list[tuple[str, float]]:
    """Median milliseconds of each call over HTTP, warm, rounds alternating between the calls."""
    app = demo_app("real")
    rules, clock = SandboxRules.relaxed(clock=ManualClock(MOMENT)), MarketClock("fixed", start=MOMENT)
    with Sandbox(port=0, rules=rules, clock=clock) as sandbox:
        session = requests.Session()
        session.trust_env = False
        body = {"grant_type": "client_credentials", "appkey": app.appkey, "appsecret": app.appsecret}
        token = session.post(sandbox.url + spec.TOKEN_PATH, json=body, timeout=30).json()["access_token"]
        prepared = []
        for label, name, fields in CALLS:
            api = catalog.find(name)
            tr_id = next(option.tr_id for option in api.tr_ids("real") if not option.deprecated)
            headers = {"authorization": f"Bearer {token}", "appkey": app.appkey, "appsecret": app.appsecret,
                       "tr_id": tr_id, "custtype": "P"}  # fmt: skip
            prepared.append((label, sandbox.url + api.path, request_of(api, fields), headers))
        for _, url, query, headers in prepared:  # warm up: the catalog, the histories, today's paths
            assert session.get(url, params=query, headers=headers, timeout=30).json()["rt_cd"] == "0"
        times: dict[str, list[float]] = {label: [] for label, *_ in prepared}
        for _ in range(rounds):
            for label, url, query, headers in prepared:
                start = time.perf_counter()
                session.get(url, params=query, headers=headers, timeout=30).json()
                times[label].append((time.perf_counter() - start) * 1000)
    return [(label, statistics.median(values)) for label, values in times.items()]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 start-ups and 30 rounds instead of 7 and 200")
    parser.add_argument("--baseline", type=Path, help="another checkout (e.g. main) whose create_app() to time too")
    args = parser.parse_args(argv)
    runs, rounds = (3, 30) if args.quick else (7, 200)
    print(f"start-up, median of {runs} fresh processes" + (f" (baseline: {args.baseline})" if args.baseline else ""))
    print(f"{'step':<44}{'ms':>10}{'baseline':>10}{'ratio':>8}")
    for name, seconds, before in startup(runs, args.baseline):
        compared = f"{before * 1000:>10.0f}{seconds / before:>7.2f}×" if before else ""
        print(f"{name:<44}{seconds * 1000:>10.0f}{compared}")
    print()
    print(f"per call over HTTP (keep-alive), warm, median of {rounds} alternating rounds")
    print(f"{'call':<44}{'ms':>10}{'× 시세':>10}")
    results = per_call(rounds)
    reference = results[0][1]
    for label, ms in results:
        print(f"{label:<44}{ms:>10.2f}{ms / reference:>9.1f}×")


if __name__ == "__main__":
    main()
