"""b1, b2, b4 and b5: the app and the bare Bolt baselines over real HTTP on loopback.

b1 and b4 compare the app with two baselines on the same stack: ``bare_pbr`` acks a small
fixed message (``ratio_vs_bare_pbr``), ``bare_same`` acks the exact bytes of the app's own answer to
``pending`` (captured once, checked byte for byte): the cost floor of delivering that answer,
so its ratio is the price of the app's own work. The targets apply to the same-answer ratios.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.procs import (
    LoadGen,
    ServerProcess,
    SimProcess,
    rss_mb,
    running_bare_bolt,
    running_loadgen,
    running_sim_process,
)
from bench.stats import Rounds, percentile, rounded
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET, app_env, running_app
from tests.support.fake_slack import FakeSlack, running_fake_slack
from tests.support.slack_requests import signed_headers, slash_command_body

SIM_TASKS = 200
WARM_TTL_SECONDS = 3600
BURST_TTL_SECONDS = 5
BURST_LATENCY_MS = 300
TARGET_B1_RATIO = 1.3  # app / same-answer baseline, p50
TARGET_B2_ACK_P99_MS = 1000
TARGET_B4_RATIO = 0.75  # app / same-answer baseline, requests/s at 32 concurrent
TARGET_B5_DELTA_MB = 80


@dataclass
class Config:
    rounds: int
    b1_requests: int
    b2_requests: int
    b4_levels: tuple[int, ...]
    b4_requests: dict[int, int] = field(default_factory=dict)
    b5_rounds: int = 1
    b6_subscriptions: int = 1000
    b7_workspaces: int = 1000
    b8_workspaces: int = 2000
    b8_interval_seconds: float = 60
    b8_min_commands: int = 400


@dataclass
class Stack:
    """What every wire case shares: the simulator, the fake Slack and the load generator."""

    workdir: Path
    sim: SimProcess
    fake: FakeSlack
    loadgen: LoadGen
    exits: ExitStack

    def job(
        self,
        url: str,
        *,
        text: str,
        count: int,
        concurrency: int,
        prefix: str,
        warmup: int = 0,
        max_seconds: float = 90,
    ) -> dict[str, Any]:
        return self.loadgen.run(
            {
                "url": url,
                "secret": SIGNING_SECRET,
                "text": text,
                "count": count,
                "concurrency": concurrency,
                "warmup": warmup,
                "id_prefix": prefix,
                "response_url_base": self.fake.base_url + "/response/",
                "max_seconds": max_seconds,
                "timeout": 30,
            }
        )

    def app(self, name: str, **env: str) -> ServerProcess:
        """Start ``python -m bot serve`` (HTTP mode) for the rest of the run."""
        settings = {"CACHE_TTL_SECONDS": str(WARM_TTL_SECONDS), **env}
        env_all = app_env(self.sim.base_url, self.fake.api_base_url, **settings)
        workdir = self.workdir / name
        workdir.mkdir(exist_ok=True)
        app = self.exits.enter_context(running_app(env_all, workdir, timeout=60))
        return ServerProcess(app.base_url, app.process)

    def bare(
        self, *, process_before_response: bool, answer_file: Path | None = None
    ) -> ServerProcess:
        return self.exits.enter_context(
            running_bare_bolt(
                self.workdir,
                self.fake.api_base_url,
                process_before_response=process_before_response,
                answer_file=answer_file,
            )
        )

    def same_answer(self, app: ServerProcess, text: str = "pending") -> ServerProcess:
        """Bare Bolt (process_before_response=True) acking the app's own answer to ``text``,
        captured once from the app (warm cache) and checked to come back byte for byte."""
        self.warm(app, text)
        answer = _ack_body(app, text)
        path = self.workdir / "same-answer.json"
        path.write_bytes(answer)
        server = self.bare(process_before_response=True, answer_file=path)
        echoed = _ack_body(server, text)
        if echoed != answer:
            raise RuntimeError(
                f"the same-answer baseline does not ack the app's bytes:\n{answer[:300]!r}\n"
                f"{echoed[:300]!r}"
            )
        return server

    def warm(self, server: ServerProcess, text: str = "pending", tries: int = 100) -> None:
        """Send ``text`` until the ack carries the answer (cache warm, auth.test done)."""
        result: dict[str, Any] = {}
        for attempt in range(tries):
            result = self.job(
                server.events_url, text=text, count=1, concurrency=1, prefix=f"warm-{attempt}-"
            )
            if result["kinds"]["answer"] == 1:
                return
            time.sleep(0.1)
        raise RuntimeError(f"{server.base_url} never answered {text!r} from its cache: {result}")


@contextmanager
def running_stack(workdir: Path) -> Iterator[Stack]:
    with ExitStack() as exits:
        sim = exits.enter_context(running_sim_process(workdir, tasks=SIM_TASKS))
        fake = exits.enter_context(running_fake_slack(bot_token=BOT_TOKEN))
        loadgen = exits.enter_context(running_loadgen(workdir))
        yield Stack(workdir, sim, fake, loadgen, exits)


def _ack_body(server: ServerProcess, text: str) -> bytes:
    """The raw body of ``server``'s ack to ``/retrieval-tasks text`` (signed, over HTTP)."""
    body = slash_command_body(text, response_url="http://127.0.0.1:9/response/capture")
    response = httpx.post(
        server.events_url, content=body, headers=signed_headers(body, SIGNING_SECRET), timeout=30
    )
    response.raise_for_status()
    return response.content


def _checked(result: dict[str, Any], what: str) -> dict[str, Any]:
    """A measured phase must have answered every request from the cache."""
    if result["errors"] or result["kinds"]["answer"] != result["sent"]:
        raise RuntimeError(
            f"{what}: not every request was answered: {result['kinds']} {result['error_samples']}"
        )
    return result


# b1 -------------------------------------------------------------------------------------------
def run_b1(stack: Stack, cfg: Config, servers: dict[str, ServerProcess]) -> dict[str, Any]:
    figures = Rounds()
    for server in servers.values():
        stack.warm(server)
    for round_no in range(cfg.rounds):
        for name, server in servers.items():  # interleaved, so drift hits all alike
            result = _checked(
                stack.job(
                    server.events_url,
                    text="pending",
                    count=cfg.b1_requests,
                    concurrency=1,
                    warmup=20,
                    prefix=f"b1-{name}-{round_no}-",
                ),
                f"b1 {name}",
            )
            figures.add(f"{name}_p50_ms", percentile(result["latencies_ms"], 50))
            figures.add(f"{name}_p99_ms", percentile(result["latencies_ms"], 99))
    app_p50 = figures.values["app_p50_ms"]
    for round_no in range(cfg.rounds):
        for baseline, key in (("bare_pbr", "ratio_vs_bare_pbr"), ("bare_same", "ratio_same")):
            figures.add(key, app_p50[round_no] / figures.values[f"{baseline}_p50_ms"][round_no])
    old_ratio = figures.median("app_p50_ms") / figures.median("bare_pbr_p50_ms")
    ratio = figures.median("app_p50_ms") / figures.median("bare_same_p50_ms")
    out: dict[str, Any] = {
        "requests_per_round": cfg.b1_requests,
        "rounds": cfg.rounds,
        "sim_tasks": SIM_TASKS,
        "command": "pending",
    }
    for name in servers:
        out[f"{name}_p50_ms"] = rounded(figures.median(f"{name}_p50_ms"), 3)
        out[f"{name}_p99_ms"] = rounded(figures.median(f"{name}_p99_ms"), 3)
    if "app_table" in servers:  # the same app answering with a data_table (BLOCK_KIT=auto)
        out["payload_bytes"] = {
            name: len(_ack_body(servers[name], "pending")) for name in ("app", "app_table")
        }
    out["ratio_vs_bare_pbr"] = rounded(old_ratio, 3)
    out["ratio_same"] = rounded(ratio, 3)
    out["spread"] = figures.spreads(3)
    out["baselines"] = {
        "bare_pbr": "bare Bolt, process_before_response=True, acking a small fixed message",
        "bare_same": "bare Bolt, process_before_response=True, acking the app's answer bytes",
        "bare_default": "bare Bolt, default runner, acking a small fixed message",
        "app_table": "the app with BLOCK_KIT=auto: the same list as one data_table (after)",
    }
    out["target"] = f"ratio_same (app p50 / same-answer baseline p50) <= {TARGET_B1_RATIO:g}"
    out["met"] = ratio <= TARGET_B1_RATIO
    return out


# b2 -------------------------------------------------------------------------------------------
def _delivered(fake: FakeSlack, response_id: str) -> bool:
    for body in fake.responses(response_id):
        blocks = body.get("blocks") or []
        if (
            body.get("replace_original") is True
            and blocks
            and blocks[0].get("block_id") == "tasks_header"
        ):
            return True
    return False


def _wait_delivered(fake: FakeSlack, ids: list[str], timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        delivered = sum(_delivered(fake, i) for i in ids)
        if delivered == len(ids) or time.monotonic() > deadline:
            return delivered
        time.sleep(0.1)


def run_b2(stack: Stack, cfg: Config) -> dict[str, Any]:
    stack.sim.control(latency_ms=BURST_LATENCY_MS)
    try:
        # The app's own scheduled poll (every 60 s by default) would be a list call inside a
        # round: b2 counts the burst's calls alone.
        app = stack.app(
            "b2-app", CACHE_TTL_SECONDS=str(BURST_TTL_SECONDS), POLL_INTERVAL_SECONDS="3600"
        )
        stack.warm(app, text="help")  # auth.test done and cached, no IVC involved
        figures = Rounds()
        details = []
        for round_no in range(cfg.rounds):
            # The app fetched at start-up (readiness) or in the last round: let that copy expire.
            time.sleep(BURST_TTL_SECONDS + 1.5)
            before = stack.sim.stats()["list_requests"]
            result = stack.job(
                app.events_url,
                text="pending",
                count=cfg.b2_requests,
                concurrency=cfg.b2_requests,
                prefix=f"b2-{round_no}-",
            )
            delivered_later = _wait_delivered(stack.fake, result["fetching_ids"], timeout=30)
            upstream = stack.sim.stats()["list_requests"] - before
            errors = result["errors"] + result["kinds"]["other"]
            answers = result["kinds"]["answer"] + delivered_later
            figures.add("upstream_requests", upstream)
            figures.add("ack_p99_ms", percentile(result["latencies_ms"], 99))
            figures.add("ack_p50_ms", percentile(result["latencies_ms"], 50))
            figures.add("errors", errors)
            figures.add("answers_delivered", answers)
            details.append(
                {
                    "acked_with_answer": result["kinds"]["answer"],
                    "acked_fetching": result["kinds"]["fetching"],
                    "delivered_via_response_url": delivered_later,
                    "error_samples": result["error_samples"],
                }
            )
    finally:
        stack.sim.control(latency_ms=0)
    p99 = figures.median("ack_p99_ms")
    errors = max(figures.values["errors"])
    answers = min(figures.values["answers_delivered"])
    return {
        "requests": cfg.b2_requests,
        "rounds": cfg.rounds,
        "sim_latency_ms": BURST_LATENCY_MS,
        "upstream_requests": int(max(figures.values["upstream_requests"])),
        "ack_p50_ms": rounded(figures.median("ack_p50_ms"), 1),
        "ack_p99_ms": rounded(p99, 1),
        "errors": int(errors),
        "answers_delivered": int(answers),
        "per_round": details,
        "spread": figures.spreads(1),
        "note": "upstream_requests, errors: worst round; answers_delivered: worst round",
        "target": (
            f"upstream_requests == 1, ack_p99_ms < {TARGET_B2_ACK_P99_MS}, errors == 0, "
            f"answers_delivered == {cfg.b2_requests}"
        ),
        "met": (
            max(figures.values["upstream_requests"]) == 1
            and p99 < TARGET_B2_ACK_P99_MS
            and errors == 0
            and answers == cfg.b2_requests
        ),
    }


# b4 -------------------------------------------------------------------------------------------
def run_b4(stack: Stack, cfg: Config, servers: dict[str, ServerProcess]) -> dict[str, Any]:
    figures = Rounds()
    for round_no in range(cfg.rounds):
        for level in cfg.b4_levels:
            for name, server in servers.items():
                count = cfg.b4_requests[level]
                result = _checked(
                    stack.job(
                        server.events_url,
                        text="pending",
                        count=count,
                        concurrency=level,
                        warmup=2 * level,
                        prefix=f"b4-{name}-{level}-{round_no}-",
                    ),
                    f"b4 {name} c={level}",
                )
                figures.add(f"{name}_rps_{level}", result["completed"] / result["elapsed_s"])
                figures.add(f"{name}_p99_ms_{level}", percentile(result["latencies_ms"], 99))
    table = []
    for level in cfg.b4_levels:
        row: dict[str, Any] = {"concurrency": level, "requests": cfg.b4_requests[level]}
        for name in servers:
            row[f"{name}_rps"] = rounded(figures.median(f"{name}_rps_{level}"), 1)
            row[f"{name}_p99_ms"] = rounded(figures.median(f"{name}_p99_ms_{level}"), 2)
            row[f"{name}_rps_spread"] = figures.spread(f"{name}_rps_{level}", 1)
        table.append(row)
    probe = 32 if 32 in cfg.b4_levels else max(cfg.b4_levels)
    app_rps = figures.median(f"app_rps_{probe}")
    bare_rps = figures.median(f"bare_pbr_rps_{probe}")
    same_rps = figures.median(f"bare_same_rps_{probe}")
    ratio = app_rps / same_rps
    return {
        "rounds": cfg.rounds,
        "sim_tasks": SIM_TASKS,
        "command": "pending",
        f"app_rps_at_{probe}": rounded(app_rps, 1),
        f"bare_rps_at_{probe}": rounded(bare_rps, 1),
        f"bare_same_rps_at_{probe}": rounded(same_rps, 1),
        "ratio": rounded(app_rps / bare_rps, 3),
        "ratio_same": rounded(ratio, 3),
        "by_concurrency": table,
        "target": (
            f"ratio_same (app / same-answer baseline rps at concurrency {probe}) "
            f">= {TARGET_B4_RATIO:g}"
        ),
        "met": ratio >= TARGET_B4_RATIO,
    }


# b5 -------------------------------------------------------------------------------------------
def _one_b5_round(stack: Stack, round_no: int) -> dict[str, float]:
    stack.sim.control(fault="none")
    with ExitStack() as exits:
        env = app_env(
            stack.sim.base_url,
            stack.fake.api_base_url,
            CACHE_TTL_SECONDS=str(WARM_TTL_SECONDS),
            IVC_TIMEOUT_SECONDS="60",
        )
        workdir = stack.workdir / f"b5-{round_no}"
        workdir.mkdir(exist_ok=True)
        app = exits.enter_context(running_app(env, workdir, timeout=60))
        server = ServerProcess(app.base_url, app.process)
        stack.warm(server)
        stack.job(
            server.events_url, text="pending", count=50, concurrency=1, prefix=f"b5-pre-{round_no}-"
        )
        time.sleep(0.5)
        before = rss_mb(app.process.pid)
        stack.sim.control(fault="huge-list")
        try:
            result = stack.job(
                server.events_url, text="refresh", count=1, concurrency=1, prefix=f"b5-{round_no}-"
            )
            if result["kinds"]["fetching"] != 1:
                raise RuntimeError(f"b5: refresh was not acked with 'fetching': {result}")
            response_id = result["fetching_ids"][0]
            body = stack.fake.wait_for_response_sync(response_id, timeout=120)
        finally:
            stack.sim.control(fault="none")
        header = (body.get("blocks") or [{}])[0].get("text", {}).get("text", "")
        if "100,000" not in header:
            raise RuntimeError(f"b5: the refreshed answer does not show 100,000 tasks: {header!r}")
        time.sleep(1.0)
        after = rss_mb(app.process.pid)
    return {"rss_before_mb": before, "rss_after_mb": after, "rss_delta_mb": after - before}


def run_b5(stack: Stack, cfg: Config) -> dict[str, Any]:
    figures = Rounds()
    for round_no in range(cfg.b5_rounds):
        for name, value in _one_b5_round(stack, round_no).items():
            figures.add(name, value)
    delta = figures.median("rss_delta_mb")
    return {
        "tasks": 100_000,
        "rounds": cfg.b5_rounds,
        "rss_before_mb": rounded(figures.median("rss_before_mb"), 1),
        "rss_after_mb": rounded(figures.median("rss_after_mb"), 1),
        "rss_delta_mb": rounded(delta, 1),
        "spread": figures.spreads(1),
        "target": f"rss_delta_mb <= {TARGET_B5_DELTA_MB}",
        "met": delta <= TARGET_B5_DELTA_MB,
    }
