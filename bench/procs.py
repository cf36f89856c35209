"""The processes a benchmark run starts, each stopped when its ``with`` block ends.

The app itself starts through ``tests.support.app_process.running_app`` (the same launcher
the wire tests use); the simulator, the bare Bolt baseline and the load generator start here.
Ports are free ones picked by the OS; everything listens on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bot.simulator import CONTROL_PATH, STATS_PATH
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET, free_port, stop_process
from tests.support.paths import ROOT
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY


def child_env(extra: Mapping[str, str]) -> dict[str, str]:
    """This environment without IVC_/SLACK_ settings, plus ``extra`` and the repo on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IVC_", "SLACK_"))}
    env.update({"PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def lowered(niceness: int) -> Callable[[], None] | None:
    """A ``preexec_fn`` that lowers the child's CPU priority by ``niceness`` (0: none), for
    the helpers (simulator, load generator) that are no part of the system measured."""
    if not niceness:
        return None

    def lower() -> None:
        os.nice(niceness)

    return lower


@contextmanager
def spawned(
    argv: list[str], env: Mapping[str, str], log_path: Path, *, niceness: int = 0
) -> Iterator[subprocess.Popen[bytes]]:
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            argv,
            cwd=log_path.parent,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=lowered(niceness),
        )
    try:
        yield process
    finally:
        stop_process(process)


def wait_for(check: Any, process: subprocess.Popen[bytes], log_path: Path, timeout: float) -> Any:
    """Poll ``check()`` until it returns a truthy value; fail if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited early:\n{log_path.read_text()[-2000:]}")
        result = check()
        if result:
            return result
        time.sleep(0.05)
    tail = log_path.read_text()[-2000:]
    raise RuntimeError(f"{process.args!r} not ready after {timeout}s:\n{tail}")


def healthy(base_url: str) -> bool:
    try:
        return httpx.get(base_url + "/healthz", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


def rss_mb(pid: int) -> float:
    """VmRSS of a process, from /proc/<pid>/status, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, from /proc/<pid>/stat, in seconds."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) ": state is field 3
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime: fields 14, 15


# The IVC simulator ---------------------------------------------------------------------------
@dataclass
class SimProcess:
    """``python -m bot simulate`` with the test credentials; control and counters over HTTP."""

    base_url: str
    process: subprocess.Popen[bytes]

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = httpx.get(self.base_url + STATS_PATH, timeout=10).json()
        return stats

    def control(self, **settings: Any) -> None:
        httpx.post(self.base_url + CONTROL_PATH, json=settings, timeout=10).raise_for_status()


@contextmanager
def running_sim_process(
    workdir: Path,
    *,
    tasks: int,
    latency_ms: float = 0,
    accounts: int = 0,
    account_tasks: int = 0,
    niceness: int = 0,
) -> Iterator[SimProcess]:
    """The simulator; ``accounts`` tenant accounts of ``account_tasks`` tasks each besides;
    ``niceness`` lowers its CPU priority."""
    log_path = workdir / "simulator.log"
    argv = [
        sys.executable,
        "-m",
        "bot",
        "simulate",
        "--port",
        "0",
        "--tasks",
        str(tasks),
        "--latency-ms",
        str(latency_ms),
    ]
    if accounts:
        argv += ["--accounts", str(accounts), "--account-tasks", str(account_tasks)]
    env = child_env({"IVC_SECRET_ID": SIM_SECRET_ID, "IVC_SECRET_KEY": SIM_SECRET_KEY})
    with spawned(argv, env, log_path, niceness=niceness) as process:

        def listening() -> str | None:
            for line in log_path.read_text().splitlines():
                if line.startswith("listening on "):
                    return line.removeprefix("listening on ").strip()
            return None

        yield SimProcess(wait_for(listening, process, log_path, 60), process)


# The bare Bolt baseline ------------------------------------------------------------------------
@dataclass
class ServerProcess:
    base_url: str
    process: subprocess.Popen[bytes]

    @property
    def events_url(self) -> str:
        return self.base_url + "/slack/events"


@contextmanager
def running_bare_bolt(
    workdir: Path,
    slack_api_url: str,
    *,
    process_before_response: bool,
    answer_file: Path | None = None,
) -> Iterator[ServerProcess]:
    """``python -m bench.bare_bolt``; with ``answer_file`` it acks that body (same answer)."""
    port = free_port()
    name = ("pbr" if process_before_response else "default") + ("-same" if answer_file else "")
    log_path = workdir / f"bare-{name}-{port}.log"
    env = child_env(
        {
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_API_URL": slack_api_url,
            "BARE_PROCESS_BEFORE_RESPONSE": "1" if process_before_response else "0",
            **({"BARE_ANSWER_FILE": str(answer_file)} if answer_file else {}),
        }
    )
    with spawned([sys.executable, "-m", "bench.bare_bolt"], env, log_path) as process:
        base_url = f"http://127.0.0.1:{port}"
        wait_for(lambda: healthy(base_url), process, log_path, 30)
        yield ServerProcess(base_url, process)


# The load generator ----------------------------------------------------------------------------
class LoadGen:
    """``python -m bench.loadgen``: one JSON job in, one JSON result out."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._process = process

    @property
    def pid(self) -> int:
        return self._process.pid

    def run(self, job: dict[str, Any]) -> dict[str, Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(job) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the load generator exited")
        result: dict[str, Any] = json.loads(line)
        if "failed" in result:
            raise RuntimeError(f"load generator job failed: {result['failed']}")
        return result


@contextmanager
def running_loadgen(workdir: Path, *, niceness: int = 0) -> Iterator[LoadGen]:
    """The load generator; ``niceness`` lowers its CPU priority."""
    log = (workdir / "loadgen.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.loadgen"],
        cwd=ROOT,
        env=child_env({}),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        preexec_fn=lowered(niceness),
    )
    try:
        yield LoadGen(process)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        stop_process(process)
        log.close()
