"""Eight kernels started at once against the sandbox issue ONE token between them.

KIS issues one token a minute (EGW00133 for the others), so without the file lock seven of these eight
processes would fail. The sandbox here enforces that rule.
"""

import subprocess
import sys
import time

from kislearn.sandbox import SandboxRules

KERNEL = """
import sys, time
from pathlib import Path
from kislearn import KoreaInvestment
url, key, secret, cache, start = sys.argv[1:6]
while not Path(start).exists():  # all eight wait at the same gate, then go together
    time.sleep(0.005)
broker = KoreaInvestment(key, secret, "50010002-01", mock=True, base_url=url, token_cache=cache)
print(broker.access_token)
"""


def test_eight_processes_one_issuance(start_sandbox, demo_paper_app, tmp_path):
    sandbox = start_sandbox(SandboxRules(calls_per_second=None))  # one-token-a-minute rule ON
    gate = tmp_path / "go"
    kernels = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                KERNEL,
                sandbox.url_for("paper"),
                demo_paper_app.appkey,
                demo_paper_app.appsecret,
                str(tmp_path / "cache"),
                str(gate),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    time.sleep(1.0)  # let every interpreter start and reach the gate
    gate.touch()
    results = [kernel.communicate(timeout=60) for kernel in kernels]

    assert [kernel.returncode for kernel in kernels] == [0] * 8, [err for _, err in results]
    tokens = {out.strip() for out, _ in results}
    assert len(tokens) == 1 and tokens.pop().startswith("Bearer ")
    assert sandbox.stats["tokens_issued"]["paper"] == 1
    assert len(list((tmp_path / "cache").glob("token-*.json"))) == 1
