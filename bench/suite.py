"""How long the whole test suite takes, idle or with every core kept busy, recorded per run.

``python -m bench.suite --label after`` runs ``pytest`` (the README's test command, already
installed) in a checkout and appends one record to ``--out`` (in the temporary folder; the
committed ``bench/suite_results.json`` is written by ``python -m bench record``): when, which
commit, how many tests passed, failed and were skipped, pytest's own duration and the wall
time. ``--stress N`` runs ``stress-ng --cpu N`` (Debian package ``stress-ng``) for the whole
run, so the suite is shown to hold on a busy machine; ``--repeat 2`` runs it twice in a row.
``--repo PATH`` measures another checkout (for example the code before a change, made with
``git worktree add PATH COMMIT``); ``--pythonpath`` then makes its own ``bot`` the one imported.

Only a measurement: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.support.app_process import stop_process

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(tempfile.gettempdir()) / "suite_results.json"


@contextlib.contextmanager
def stressed(cpus: int) -> Iterator[None]:
    """``stress-ng --cpu cpus`` running for the duration of the block (nothing when 0)."""
    if cpus <= 0:
        yield
        return
    process = subprocess.Popen(
        ["stress-ng", "--cpu", str(cpus), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        stop_process(process)


def _commit(repo: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def counts(junit: Path) -> dict[str, Any]:
    suites = ET.parse(junit).getroot()
    suite = suites if suites.tag == "testsuite" else suites.find("testsuite")
    assert suite is not None, "pytest wrote no testsuite"
    total = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    return {
        "tests": total,
        "passed": total - failed - skipped,
        "failed": failed,
        "skipped": skipped,
        "pytest_seconds": round(float(suite.get("time", 0.0)), 1),
    }


def pytest_run(
    repo: Path, args: list[str], env: dict[str, str], *, quiet: bool = False
) -> dict[str, Any]:
    """One ``pytest`` run in ``repo``: its counts, pytest's time, the wall time, the exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        started = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                f"--junitxml={junit}",
                *args,
            ],
            cwd=repo,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL if quiet else None,
        )
        wall = time.monotonic() - started
        record = counts(junit)
    return {**record, "wall_seconds": round(wall, 1), "exit_code": done.returncode}


def run_once(repo: Path, *, pythonpath: bool) -> dict[str, Any]:
    """The README's test command in ``repo``, quietly."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = str(repo)
    return pytest_run(repo, ["-q"], env, quiet=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.suite", description=__doc__)
    parser.add_argument("--label", required=True, help="what this run measures (before, after)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="checkout to test")
    parser.add_argument("--pythonpath", action="store_true", help="import bot from --repo")
    parser.add_argument("--stress", type=int, default=0, help="stress-ng --cpu N during the run")
    parser.add_argument("--repeat", type=int, default=1, help="runs in a row")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    runs = []
    with stressed(args.stress):
        for _ in range(args.repeat):
            runs.append(run_once(args.repo.resolve(), pythonpath=args.pythonpath))
            print(json.dumps(runs[-1]), flush=True)
    record = {
        "label": args.label,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(args.repo),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "stress_ng_cpus": args.stress,
        "runs": runs,
    }
    existing = json.loads(args.out.read_text()) if args.out.exists() else []
    args.out.write_text(json.dumps([*existing, record], indent=2) + "\n")
    return 0 if all(r["exit_code"] == 0 for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
