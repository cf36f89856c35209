"""``python -m bench record``: every figure the README quotes, measured from the code as it is.

Runs the bench cases (b1–b8, u1–u3, p1), the reliability tests with their results recorded, and
the test suite's timing, and writes ``bench/results.json``, ``tests/reliability/results/`` and
``bench/suite_results.json``, each stamped with the commit it measured (``bench.stamp``).
``--cases b1,b4,reliability`` records some parts only (the whole takes longer than one
foreground command); a part's figures replace its previous ones. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import cli, recorded, suite
from bench.stamp import ROOT, stamp

BENCH_RESULTS = ROOT / recorded.BENCH
SUITE_RESULTS = ROOT / recorded.SUITE
RELIABILITY_RESULTS = ROOT / recorded.RELIABILITY
RELIABILITY_RUN = f"{recorded.RELIABILITY_RUN}.json"
RELIABILITY_COMMAND = (
    "RELIABILITY_RESULTS=tests/reliability/results RELIABILITY_LOAD_SECONDS=60 "
    "pytest -n 0 tests/reliability"
)
PARTS = (*cli.CASES, "reliability", "suite")


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def merge_bench(
    existing: dict[str, Any], measured: dict[str, Any], stamped: dict[str, Any]
) -> dict[str, Any]:
    """``existing`` with each case of ``measured`` replaced, stamped with ``stamped``."""
    merged = {k: v for k, v in existing.items() if k in cli.KEYS.values()}
    for key in cli.KEYS.values():
        if key in measured:
            merged[key] = {**measured[key], "recorded": stamped}
    return {"recorded": stamped, "mode": "full", **dict(sorted(merged.items()))}


def record_bench(cases: list[str]) -> None:
    """Run bench ``cases`` (full configuration) into ``bench/results.json``."""
    stamped = stamp()
    measured = cli.run(cases, cli.FULL, quick=False)
    existing = json.loads(BENCH_RESULTS.read_text()) if BENCH_RESULTS.exists() else {}
    _write(BENCH_RESULTS, merge_bench(existing, measured, stamped))
    print(cli.render_table(measured))


def record_reliability() -> bool:
    """Run ``tests/reliability`` serially with the load held 60 s; on success replace
    ``tests/reliability/results/`` with what it wrote, each file stamped."""
    stamped = stamp()
    with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
        env = {**os.environ, "RELIABILITY_RESULTS": tmp, "RELIABILITY_LOAD_SECONDS": "60"}
        run = suite.pytest_run(ROOT, ["-n", "0", "-q", "tests/reliability"], env)
        if run["exit_code"] != 0 or run["failed"]:
            print(f"reliability: the run failed ({run}); nothing written", file=sys.stderr)
            return False
        shutil.rmtree(RELIABILITY_RESULTS, ignore_errors=True)
        RELIABILITY_RESULTS.mkdir(parents=True)
        for source in sorted(Path(tmp).glob("*.json")):
            figures = json.loads(source.read_text(encoding="utf-8"))
            _write(RELIABILITY_RESULTS / source.name, {**figures, "recorded": stamped})
    _write(
        RELIABILITY_RESULTS / RELIABILITY_RUN,
        {"command": RELIABILITY_COMMAND, **run, "recorded": stamped},
    )
    return True


DRIFT_TEST = "tests/bench/test_readme_figures.py::test_the_readme_agrees_with_the_results_files"
"""Left out of the timed run: it compares the README with the files this command writes."""


def record_suite(stress: int) -> bool:
    """Time the README's test command (``pytest``, less the README drift test) into
    ``bench/suite_results.json``."""
    stamped = stamp()
    env = {k: v for k, v in os.environ.items() if k != "RELIABILITY_RESULTS"}
    with suite.stressed(stress):
        run = suite.pytest_run(ROOT, ["-q", "--deselect", DRIFT_TEST], env)
    _write(
        SUITE_RESULTS,
        {
            "command": "pytest",
            "deselected": [DRIFT_TEST],
            "stress_ng_cpus": stress,
            **run,
            "recorded": stamped,
        },
    )
    return bool(run["exit_code"] == 0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench record", description=__doc__)
    parser.add_argument(
        "--cases", default=",".join(PARTS), help="comma-separated subset of " + ",".join(PARTS)
    )
    parser.add_argument(
        "--stress", type=int, default=0, help="suite: stress-ng --cpu N during the run"
    )
    args = parser.parse_args(argv)
    parts = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}")
    if not stamp()["clean"]:
        print("note: the tree has changes besides results files; recorded as not clean")
    ok = True
    bench_cases = [c for c in cli.CASES if c in parts]
    if bench_cases:
        record_bench(bench_cases)
    if "reliability" in parts:
        ok = record_reliability() and ok
    if "suite" in parts:
        ok = record_suite(args.stress) and ok
    print("then: python -m bench readme (the README's figures from these files)")
    return 0 if ok else 1
