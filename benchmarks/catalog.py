"""Benchmark: what the API catalog costs on first use, each step in a fresh process (cold, as a learner meets it).

    python benchmarks/catalog.py            # 7 fresh processes
    python benchmarks/catalog.py --runs 3

Prints the median milliseconds of each step and the memory the loaded catalog holds (tracemalloc, in separate
runs): import kislearn.catalog (which imports the kislearn package, hence requests; no data read), the first find() (apis.json: 338 APIs), the first field() (the index of
every field's uses), the first glossary workbook entry, the first examples (examples.json). Goal: the first
find() under 0.5 s and under 50 MB on a 2-core machine, so ``broker.request`` stays a one-line call.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

STEPS = r"""
import json, sys, time, tracemalloc
traced = sys.argv[1] == "memory"
if traced:
    tracemalloc.start()
times = {}
start = time.perf_counter()
import kislearn.catalog as catalog
times["import kislearn.catalog"] = time.perf_counter() - start
start = time.perf_counter(); catalog.find("주식잔고조회")
times["first find() (apis.json)"] = time.perf_counter() - start
memory = tracemalloc.get_traced_memory()[0] if traced else 0
start = time.perf_counter(); catalog.field("ord_psbl_cash")
times["first field() (uses index)"] = time.perf_counter() - start
start = time.perf_counter(); catalog.find("주식주문(현금)").tr_id("paper", "매수")
times["a later find() + tr_id()"] = time.perf_counter() - start
start = time.perf_counter(); from kislearn import glossary
times["import kislearn.glossary (pandas)"] = time.perf_counter() - start
start = time.perf_counter(); glossary.field("ord_psbl_cash")
times["first glossary workbook entry"] = time.perf_counter() - start
start = time.perf_counter(); catalog.find("주식잔고조회").examples
times["first examples (examples.json)"] = time.perf_counter() - start
print(json.dumps({"times": times, "memory": memory}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    def run(mode: str) -> dict:
        return json.loads(subprocess.check_output([sys.executable, "-c", STEPS, mode], text=True))

    results = [run("time") for _ in range(args.runs)]
    memory = [run("memory")["memory"] for _ in range(3)]  # tracemalloc slows everything: measured apart
    print(f"kislearn.catalog — first use, {args.runs} fresh processes, medians\n")
    print(f"{'step':36} {'ms':>8}")
    for step in results[0]["times"]:
        print(f"{step:36} {statistics.median(r['times'][step] for r in results) * 1000:8.1f}")
    megabytes = statistics.median(memory) / 1e6
    print(f"\nmemory held after the first find(): {megabytes:.1f} MB (tracemalloc, Python objects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
