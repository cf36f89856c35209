"""Load: a steady 150 commands/s against the app in HTTP mode with a warm cache, from a load
generator in a process of its own (``rate_loadgen``): no errors, every answer in the ack, no
IVC request. The routine run holds the rate for 5 s; ``RELIABILITY_LOAD_SECONDS=60`` holds
it for the minute the README's figure comes from. The rate achieved and the latencies are
figures reported (``tests/reliability/results/load.json``), not limits: speed belongs in
``bench/`` (b4), and a busy machine may slow the sender; the client's timeout only bounds a
wait."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.app_fixtures import header_text
from tests.support.app_process import SIGNING_SECRET
from tests.support.paths import ROOT
from tests.support.reliability import AUDIT, audited_wire, record_result

RATE = 150
SECONDS = int(os.environ.get("RELIABILITY_LOAD_SECONDS", "5"))
CLIENT_TIMEOUT = 60  # seconds one request may wait for its answer: a bound, not a limit
TEXTS = [
    "pending",
    "all",
    "retrieved",
    "retrieving",
    "summary",
    "help",
    "search cam",
    "pending public",
]

pytestmark = pytest.mark.slow


def test_steady_rate_with_a_warm_cache(tmp_path):
    with audited_wire(tmp_path, CACHE_TTL_SECONDS="3600") as wire:
        for text in TEXTS:  # warm: every text is answered from the cache
            wire.ask(text)
        assert wire.command("pending").answered_in_ack
        ivc_before = wire.sim.list_requests
        job = {
            "url": wire.url,
            "secret": SIGNING_SECRET,
            "rate": RATE,
            "seconds": SECONDS,
            "texts": TEXTS,
            "response_url_base": wire.fake.base_url + "/response/",
            "timeout": CLIENT_TIMEOUT,
        }
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-m", "tests.reliability.rate_loadgen"],
            input=json.dumps(job) + "\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=SECONDS + 2 * CLIENT_TIMEOUT + 60,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(done.stdout)
        samples = result.pop("samples")
        AUDIT.text("acks under load", samples)
        assert header_text(wire.ask("pending")).startswith("Pending tasks"), "still answering"
        assert wire.sim.list_requests == ivc_before, "a warm cache: no IVC request under load"
        log = wire.app.output()

    record_result("load", result)
    print(
        f"\nload: {result['rate_achieved']}/s for {SECONDS} s, p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms, errors {result['errors']}"
    )
    assert result["errors"] == 0, result["error_samples"]
    assert result["completed"] == result["sent"] == RATE * SECONDS
    assert result["kinds"] == {"answer": RATE * SECONDS}, result["kinds"]
    assert set(samples) == set(TEXTS)
    assert " ERROR " not in log and "Traceback" not in log
