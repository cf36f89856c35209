"""b8: the roles (2 ``web`` + 2 ``worker``) beside the single role (4 ``serve``), one after
the other in one run, under the same polling load on PostgreSQL.

Each layout gets a freshly seeded database (b7's workspaces: each its own IVC account of
``ACCOUNT_TASKS`` tasks and one notify subscription) and a fresh simulator, then its four
processes. While they poll, b7's sampler reads the simulator's calls, every process's RSS,
``account_polls`` and ``pg_stat_database`` each second; a prober times ``GET /healthz`` and
``GET /metrics`` of every process each half second (and reads its IVC call and poll
counters); signed ``pending`` commands of a few workspaces go to the two answering processes
in turn (both web processes; two of the serve processes). CPU time (``/proc/<pid>/stat``) of
every process, the simulator, the load generator and the bench itself is taken over the
measured window (from the commands' start to the end). The simulator and the load generator
run at a lower CPU priority (``nice`` ``NICENESS``): they are no part of the system.

The roles layout's targets are b8's (``met``); the single layout is judged by the same
targets for comparison only, and ``roles_over_single`` gives the ratios of the two.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet

from bench.fleet import (
    ACCOUNT_TASKS,
    PG_COUNTERS,
    SCANS,
    TARGET_RSS_MB,
    Commands,
    Cycles,
    Sampler,
    Samples,
    accept_tokens,
    by_count,
    calls_per_second,
    cycles,
    database_url,
    lag_figures,
    lease_lost,
    plain_dsn,
    recreate_database,
    seed,
    target,
    tenant_env,
    workspace_id,
)
from bench.procs import ServerProcess, cpu_seconds, running_loadgen, running_sim_process
from bench.stats import percentile, rounded
from bot.config import Settings
from bot.ivc.accounts import workspace_key
from tests.support.app_process import BOT_TOKEN, AppProcess, running_app
from tests.support.fake_slack import running_fake_slack

DATABASE = "bench_b8"
NICENESS = 10  # the simulator's and the load generator's: helpers, not the system measured
COMMAND_WORKSPACES = 3
COMMANDS_PER_JOB = 10
COMMAND_PAUSE_SECONDS = 0.5
PROBE_SECONDS = 0.5
MAX_RUN_SECONDS = 400  # failure bound of one layout
TARGET_PENDING_P99_MS = 50
TARGET_PROBE_P99_MS = 100
IVC_CALLS = "retrieval_tasks_ivc_calls_total{"
POLLS = "retrieval_tasks_polls_total{"
IVC_MAX_CALLS_PER_SECOND = Settings.model_fields["ivc_max_calls_per_second"].default


@dataclass(frozen=True)
class Layout:
    """Four processes by name and role; which answer the commands and which poll."""

    name: str
    processes: tuple[tuple[str, str], ...]
    answering: tuple[str, ...]

    @property
    def polling(self) -> tuple[str, ...]:
        return tuple(name for name, role in self.processes if role != "web")


ROLES = Layout(
    "roles",
    (("web-0", "web"), ("web-1", "web"), ("worker-0", "worker"), ("worker-1", "worker")),
    answering=("web-0", "web-1"),
)
SINGLE = Layout(
    "single",
    tuple((f"serve-{i}", "serve") for i in range(4)),
    answering=("serve-0", "serve-1"),
)


# Probing -----------------------------------------------------------------------------------
def counters(text: str) -> tuple[float, float, float]:
    """IVC calls, polls finished ok and polls failed, from a ``/metrics`` page."""
    calls = ok = failed = 0.0
    for line in text.splitlines():
        if line.startswith(IVC_CALLS):
            calls += float(line.rsplit(" ", 1)[1])
        elif line.startswith(POLLS):
            if 'outcome="ok"' in line:
                ok += float(line.rsplit(" ", 1)[1])
            else:
                failed += float(line.rsplit(" ", 1)[1])
    return calls, ok, failed


@dataclass
class Probed:
    """One process's probes: each round's times (ms) and counters."""

    healthz_ms: list[tuple[float, float]] = field(default_factory=list)  # (when, ms)
    metrics_ms: list[tuple[float, float]] = field(default_factory=list)
    counters: list[tuple[float, tuple[float, float, float]]] = field(default_factory=list)
    failures: int = 0


class Prober:
    """A process of its own timing ``GET /healthz`` and ``GET /metrics`` of every process each
    half second, one process after the other, and reading the counters only after both
    timings: the bench's own threads (sampler, fake Slack) and the parsing never stand in a
    timing."""

    def __init__(self, apps: dict[str, AppProcess]) -> None:
        self.probed = {name: Probed() for name in apps}
        urls = {name: (app.base_url + "/healthz", app.metrics_url) for name, app in apps.items()}
        context = multiprocessing.get_context("fork")
        self._stop = context.Event()
        self._results, sending = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_probe_until, args=(urls, self._stop, sending), daemon=True
        )

    def __enter__(self) -> Prober:
        self._process.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop and take the probes (once: a second call keeps them)."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._results.poll(60):
            self.probed = self._results.recv()
        self._process.join(30)


def _probe_until(urls: dict[str, tuple[str, str]], stop: EventType, results: Connection) -> None:
    """The prober process: probe until ``stop``, then send every process's ``Probed``."""
    probed = {name: Probed() for name in urls}
    asyncio.run(_probe_rounds(urls, probed, stop))
    results.send(probed)


async def _probe_rounds(
    urls: dict[str, tuple[str, str]], probed: dict[str, Probed], stop: EventType
) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        while not stop.is_set():
            started = time.monotonic()
            for name, (health_url, metrics_url) in urls.items():
                await _probe(client, health_url, metrics_url, probed[name])
            await asyncio.sleep(max(0.0, PROBE_SECONDS - (time.monotonic() - started)))


async def _probe(
    client: httpx.AsyncClient, health_url: str, metrics_url: str, probed: Probed
) -> None:
    try:
        began = time.perf_counter()
        health = await client.get(health_url)
        probed.healthz_ms.append((time.time(), (time.perf_counter() - began) * 1000))
        began = time.perf_counter()
        page = await client.get(metrics_url)
        probed.metrics_ms.append((time.time(), (time.perf_counter() - began) * 1000))
    except httpx.HTTPError:
        probed.failures += 1
        return
    if health.status_code != 200 or page.status_code != 200:
        probed.failures += 1
        return
    probed.counters.append((time.time(), counters(page.text)))


def _scrape(app: AppProcess) -> tuple[float, float, float]:
    return counters(httpx.get(app.metrics_url, timeout=30).text)


def _ready(app: AppProcess) -> float:
    """When ``GET /readyz`` first answers 200 (the process was started and healthy)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with suppress(httpx.HTTPError):
            if httpx.get(app.base_url + "/readyz", timeout=5).status_code == 200:
                return time.time()
        time.sleep(0.05)
    raise RuntimeError(f"b8: {app.base_url} never ready:\n{app.output()[-2000:]}")


# The window --------------------------------------------------------------------------------
@dataclass
class Window:
    """The measured window: every pid's CPU time and every app's counters at both ends."""

    pids: dict[str, int]
    apps: dict[str, AppProcess]
    opened: float = 0.0
    closed: float = 0.0
    cpu: dict[str, list[float]] = field(default_factory=dict)  # CPU seconds at open, close
    metrics: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)

    def __enter__(self) -> Window:
        self.opened = time.time()
        self.cpu = {name: [cpu_seconds(pid)] for name, pid in self.pids.items()}
        self.metrics = {name: [_scrape(app)] for name, app in self.apps.items()}
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed = time.time()
        for name, pid in self.pids.items():
            with suppress(FileNotFoundError):
                self.cpu[name].append(cpu_seconds(pid))
        for name, app in self.apps.items():
            with suppress(httpx.HTTPError):
                self.metrics[name].append(_scrape(app))

    @property
    def seconds(self) -> float:
        return self.closed - self.opened

    def cpu_used(self, name: str) -> float:
        return self.cpu[name][-1] - self.cpu[name][0]

    def delta(self, name: str) -> tuple[float, float, float]:
        start, end = self.metrics[name][0], self.metrics[name][-1]
        return (end[0] - start[0], end[1] - start[1], end[2] - start[2])


# One layout --------------------------------------------------------------------------------
@dataclass
class Run:
    """What one layout's run leaves to be turned into figures."""

    layout: Layout
    interval: float
    workspaces: int
    keys: set[str]
    samples: Samples
    probed: dict[str, Probed]
    window: Window
    commands: Commands
    seed_seconds: float
    started: float
    first_worker_ready: float
    all_ready: float
    polled_all_at: float | None
    lost_leases: dict[str, int]


def _run_layout(
    workdir: Path,
    layout: Layout,
    *,
    workspaces: int,
    interval: float,
    min_commands: int,
    database: str,
) -> Run:
    """Seed, start the layout's processes, poll and command through two intervals, measure."""
    url, key = database_url(database), Fernet.generate_key().decode()
    asyncio.run(recreate_database(database))
    seed_started = time.monotonic()
    asyncio.run(seed(url, key, workspaces))
    seed_seconds = time.monotonic() - seed_started
    keys = {workspace_key(workspace_id(n)) for n in range(1, workspaces + 1)}
    command_workspaces = [workspace_id(n) for n in range(1, COMMAND_WORKSPACES + 1)]
    with ExitStack() as exits:
        sim = exits.enter_context(
            running_sim_process(
                workdir,
                tasks=10,
                accounts=workspaces,
                account_tasks=ACCOUNT_TASKS,
                niceness=NICENESS,
            )
        )
        fake = exits.enter_context(running_fake_slack(bot_token=BOT_TOKEN))
        accept_tokens(fake, workspaces)
        env = tenant_env(sim, fake, url, key, interval)
        started = time.time()
        running = ExitStack()  # stopped before the last sample: no poll left in flight
        exits.enter_context(running)
        apps: dict[str, AppProcess] = {}
        first_worker_ready: float | None = None
        for name, role in layout.processes:  # one after the other: each migrates on start
            folder = workdir / name
            folder.mkdir(exist_ok=True)
            apps[name] = running.enter_context(running_app(env, folder, timeout=120, role=role))
            if first_worker_ready is None and name in layout.polling:
                first_worker_ready = _ready(apps[name])
        assert first_worker_ready is not None
        all_ready = time.time()
        pids = {name: app.process.pid for name, app in apps.items()}
        sampler = exits.enter_context(
            Sampler(sim, pids, plain_dsn(url), interval=interval, database=database)
        )
        prober = exits.enter_context(Prober(apps))
        loadgen = exits.enter_context(running_loadgen(workdir, niceness=NICENESS))
        servers = [ServerProcess(apps[n].base_url, apps[n].process) for n in layout.answering]
        commands = Commands(loadgen, servers, fake, f"b8-{layout.name}", COMMANDS_PER_JOB)
        for workspace in command_workspaces:
            commands.warm(workspace)
        helpers = {"simulator": sim.process.pid, "loadgen": loadgen.pid, "bench": os.getpid()}
        polled_all_at: float | None = None
        with Window({**pids, **helpers}, apps) as window:
            n = 0
            while time.time() - started < MAX_RUN_SECONDS:
                if polled_all_at is None and sampler.all_polled(keys):
                    polled_all_at = time.time()
                # until every account's second interval is over and enough commands went
                if (
                    polled_all_at is not None
                    and time.time() > polled_all_at + 1.5 * interval + 2
                    and len(commands.latencies_ms) >= min_commands
                ):
                    break
                commands.measure(command_workspaces[n % COMMAND_WORKSPACES], n)
                n += 1
                time.sleep(COMMAND_PAUSE_SECONDS)
        prober.__exit__(None, None, None)
        running.close()  # each finishes its polls in hand (SIGTERM), then the last sample
        sampler.__exit__(None, None, None)
        logs = {name: lease_lost(workdir / name) for name in apps}
    return Run(
        layout=layout,
        interval=interval,
        workspaces=workspaces,
        keys=keys,
        samples=sampler.samples,
        probed=prober.probed,
        window=window,
        commands=commands,
        seed_seconds=seed_seconds,
        started=started,
        first_worker_ready=first_worker_ready,
        all_ready=all_ready,
        polled_all_at=polled_all_at,
        lost_leases=logs,
    )


def run_b8(
    workdir: Path,
    *,
    workspaces: int,
    interval: float = 60,
    min_commands: int = 400,
    database: str = DATABASE,
) -> dict[str, Any]:
    """Both layouts, roles first, then their figures side by side and their ratios (each
    layout on ``database``, recreated)."""
    started = time.monotonic()
    layouts: dict[str, dict[str, Any]] = {}
    for layout in (ROLES, SINGLE):
        folder = workdir / layout.name
        folder.mkdir()
        run = _run_layout(
            folder,
            layout,
            workspaces=workspaces,
            interval=interval,
            min_commands=min_commands,
            database=database,
        )
        layouts[layout.name] = _layout_figures(run)
    roles, single = layouts["roles"], layouts["single"]
    targets = roles["targets"]
    return {
        "workspaces": workspaces,
        "account_tasks": ACCOUNT_TASKS,
        "poll_interval_seconds": interval,
        "database": "postgresql",
        "layouts_run": "roles, then single, one after the other on the same machine",
        "ivc_max_calls_per_second": IVC_MAX_CALLS_PER_SECOND,
        "helpers_niceness": NICENESS,
        "layouts": layouts,
        "roles_over_single": _ratios(roles, single),
        "run_seconds": rounded(time.monotonic() - started, 1),
        "targets": targets,
        "target": "; ".join(t["target"] for t in targets.values()),
        "met": all(t["met"] for t in targets.values()),
    }


# Figures -----------------------------------------------------------------------------------
def _ms(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "p50_ms": rounded(percentile(values, 50), 2) if values else None,
        "p99_ms": rounded(percentile(values, 99), 2) if values else None,
        "max_ms": rounded(max(values), 2) if values else None,
    }


def _in(window: Window, timed: list[tuple[float, float]]) -> list[float]:
    return [ms for when, ms in timed if window.opened <= when <= window.closed]


def _rates(window: Window, probed: Probed) -> list[float]:
    """IVC calls per second between probes about a second apart, inside the window."""
    points = [(t, c[0]) for t, c in probed.counters if window.opened <= t <= window.closed]
    pairs = zip(points[::2], points[2::2], strict=False)
    return [(b - a) / max(1e-6, tb - ta) for (ta, a), (tb, b) in pairs]


def _process(run: Run, name: str, role: str) -> dict[str, Any]:
    w, s, probed = run.window, run.samples, run.probed[name]
    used = w.cpu_used(name)
    calls, ok, failed = w.delta(name)
    rates = _rates(w, probed)
    answering = run.layout.answering
    return {
        "role": role,
        "rss_max_mb": rounded(max(s.rss[name]), 1) if s.rss[name] else None,
        "cpu_seconds": rounded(used, 2),
        "cpu_cores": rounded(used / w.seconds, 3),
        "polls": int(ok),
        "polls_failed": int(failed),
        "ivc_calls": int(calls),
        "ivc_calls_per_second_peak": rounded(max(rates), 1) if rates else None,
        "ivc_calls_per_second_mean": rounded(calls / w.seconds, 2),
        "commands_answered": (
            run.commands.answered[answering.index(name)] if name in answering else 0
        ),
        "healthz": _ms(_in(w, probed.healthz_ms)),
        "metrics": _ms(_in(w, probed.metrics_ms)),
        "probe_failures": probed.failures,
    }


def _pg(run: Run, c: Cycles) -> dict[str, Any] | None:
    """``pg_stat_database`` deltas of the steady part (every account polled once, to the
    window's end), less the sampler's own statements and rows, per second and per poll."""
    if run.polled_all_at is None:
        return None
    s = run.samples
    steady = [i for i, pg in enumerate(s.pg) if run.polled_all_at <= pg[0] <= run.window.closed]
    if len(steady) < 2:
        return None
    (began, start, own_start), (ended, end, own_end) = s.pg[steady[0]], s.pg[steady[-1]]
    seconds = ended - began
    deltas = {name: end[name] - start[name] for name in PG_COUNTERS}
    deltas["xact_commit"] -= 2 * (steady[-1] - steady[0])  # the sampler's 2 statements a sample
    deltas["tup_returned"] -= own_end - own_start  # the account_polls rows it read
    polls = sum(began <= t <= ended for times in c.polls.values() for t in times)
    tables = _tables(s.tables[steady[0]], s.tables[steady[-1]], polls)
    if "account_polls" in tables:  # less the sampler's own scans
        own = tables["account_polls"]
        own["seq_scan"] = max(0.0, own["seq_scan"] - (steady[-1] - steady[0]))
        own["seq_tup_read"] = max(0.0, own["seq_tup_read"] - (own_end - own_start))
    transactions = deltas["xact_commit"] + deltas["xact_rollback"]
    read = deltas["tup_returned"] + deltas["tup_fetched"]
    written = deltas["tup_inserted"] + deltas["tup_updated"] + deltas["tup_deleted"]
    probes = len(run.layout.processes) / PROBE_SECONDS
    return {
        "seconds": rounded(seconds, 1),
        "polls": polls,
        "deltas": deltas,
        "transactions_per_second": rounded(transactions / seconds, 1),
        "rows_read_per_second": rounded(read / seconds, 1),
        "rows_written_per_second": rounded(written / seconds, 1),
        "per_second": {k: rounded(v / seconds, 1) for k, v in deltas.items()},
        "per_poll": {k: rounded(v / polls, 2) for k, v in deltas.items()} if polls else None,
        "transactions_per_poll": rounded(transactions / polls, 2) if polls else None,
        "tables": tables,
        "rows_read_per_poll": rounded(read / polls, 1) if polls else None,
        "rows_written_per_poll": rounded(written / polls, 1) if polls else None,
        "note": (
            "less the sampler's own statements (2 a second) and the account_polls rows it "
            f"reads; including the {probes:g} GET /metrics a second of the prober, each of "
            "which reads the outbox and subscription gauges"
        ),
    }


def _tables(
    start: dict[str, tuple[int, ...]], end: dict[str, tuple[int, ...]], polls: int
) -> dict[str, dict[str, float]]:
    """Each table's scans and rows read in the steady part (and ``seq_tup_read`` per poll),
    the most rows read by sequential scans first."""
    deltas = {
        name: {
            k: float(b - a) for k, a, b in zip(SCANS, start.get(name, (0,) * 4), row, strict=True)
        }
        for name, row in end.items()
    }
    for row in deltas.values():
        row["seq_tup_read_per_poll"] = rounded(row["seq_tup_read"] / polls, 1) if polls else 0.0
    return dict(sorted(deltas.items(), key=lambda item: -item[1]["seq_tup_read"]))


def _layout_figures(run: Run) -> dict[str, Any]:
    layout, w, s, interval = run.layout, run.window, run.samples, run.interval
    c = cycles(s, run.keys, interval)
    processes = {name: _process(run, name, role) for name, role in layout.processes}
    polling = [processes[name] for name in layout.polling]
    answering = [processes[name] for name in layout.answering]
    helpers = {
        name: {
            "cpu_seconds": rounded(w.cpu_used(name), 2),
            "cpu_cores": rounded(w.cpu_used(name) / w.seconds, 3),
        }
        for name in ("simulator", "loadgen", "bench")
    }
    polls = sum(p["polls"] for p in polling)
    polling_cpu = sum(p["cpu_seconds"] for p in polling)
    answering_cpu = sum(p["cpu_seconds"] for p in answering)
    answered = sum(p["commands_answered"] for p in answering)
    since_ready, first_to_all = c.seconds_all(run.first_worker_ready), c.seconds_all()
    healthz = [ms for name in layout.polling for ms in _in(w, run.probed[name].healthz_ms)]
    metrics = [ms for name in layout.polling for ms in _in(w, run.probed[name].metrics_ms)]
    pending = run.commands.answer_latencies_ms
    rss = [p["rss_max_mb"] for p in processes.values() if p["rss_max_mb"] is not None]
    deltas = calls_per_second(s)
    pending_p99 = percentile(pending, 99) if pending else None
    healthz_p99 = percentile(healthz, 99) if healthz else None
    metrics_p99 = percentile(metrics, 99) if metrics else None
    targets = {
        "pending_p99": target(
            f"cache-hit `pending` p99 <= {TARGET_PENDING_P99_MS} ms on the answering processes "
            "while polling runs",
            rounded(pending_p99, 2) if pending_p99 is not None else None,
            pending_p99 is not None and pending_p99 <= TARGET_PENDING_P99_MS,
        ),
        "every_account_polled_within_interval": target(
            f"every account polled once within the {interval:g} s interval from the first "
            "polling process's readiness (/readyz 200)",
            rounded(since_ready, 1) if since_ready is not None else None,
            since_ready is not None and since_ready <= interval,
        ),
        **c.once_per_interval(len(run.keys), interval, note=" (no duplicates across processes)"),
        "healthz_p99": target(
            f"GET /healthz of the polling processes p99 < {TARGET_PROBE_P99_MS} ms",
            rounded(healthz_p99, 2) if healthz_p99 is not None else None,
            healthz_p99 is not None and healthz_p99 < TARGET_PROBE_P99_MS,
        ),
        "metrics_p99": target(
            f"GET /metrics of the polling processes p99 < {TARGET_PROBE_P99_MS} ms",
            rounded(metrics_p99, 2) if metrics_p99 is not None else None,
            metrics_p99 is not None and metrics_p99 < TARGET_PROBE_P99_MS,
        ),
        "rss_per_process": target(
            f"RSS per process < {TARGET_RSS_MB} MB",
            max(rss) if rss else None,
            bool(rss) and max(rss) < TARGET_RSS_MB,
        ),
    }
    return {
        "processes": processes,
        "answering": list(layout.answering),
        "polling": list(layout.polling),
        "seed_seconds": rounded(run.seed_seconds, 1),
        "first_polling_process_ready_after_seconds": rounded(
            run.first_worker_ready - run.started, 1
        ),
        "all_ready_after_seconds": rounded(run.all_ready - run.started, 1),
        "window_seconds": rounded(w.seconds, 1),
        "pending": {
            **_ms(pending),
            "sent": len(run.commands.latencies_ms),
            "kinds": dict(run.commands.kinds),
            "all_kinds_p99_ms": (
                rounded(percentile(run.commands.latencies_ms, 99), 2)
                if run.commands.latencies_ms
                else None
            ),
            "by_process": {
                name: run.commands.answered[i] for i, name in enumerate(layout.answering)
            },
        },
        "polls": {
            "accounts_polled": len(c.polled),
            "seconds_from_first_ready_to_all_polled": (
                rounded(since_ready, 1) if since_ready is not None else None
            ),
            "seconds_from_first_poll_to_all_polled": (
                rounded(first_to_all, 1) if first_to_all is not None else None
            ),
            "polls_in_first_interval": by_count(c.first_cycle),
            "polls_in_second_interval": by_count(c.second),
            "accounts_with_complete_second_interval": len(c.complete),
            "duplicate_polls": c.duplicates,
            "min_gap_between_polls_seconds": rounded(min(c.gaps), 1) if c.gaps else None,
            "seconds_from_due_to_polled": lag_figures(c.lags),
            "lost_lease_warnings": run.lost_leases,
            "in_window": polls,
            "failed_in_window": sum(p["polls_failed"] for p in polling),
        },
        "probes": {
            "healthz": _ms(healthz),
            "metrics": _ms(metrics),
            "every_seconds": PROBE_SECONDS,
        },
        "cpu": {
            "helpers": helpers,
            "polling_cpu_seconds": rounded(polling_cpu, 2),
            "polling_cpu_ms_per_poll": rounded(1000 * polling_cpu / polls, 2) if polls else None,
            "answering_cpu_seconds": rounded(answering_cpu, 2),
            "answering_cpu_ms_per_command": (
                rounded(1000 * answering_cpu / answered, 2) if answered else None
            ),
            "all_processes_cpu_cores": rounded(
                sum(p["cpu_seconds"] for p in processes.values()) / w.seconds, 3
            ),
            "cores": os.cpu_count(),
        },
        "ivc": {
            "calls_per_second_peak": rounded(max(deltas), 1) if deltas else None,
            "calls_per_second_mean": rounded(sum(deltas) / len(deltas), 1) if deltas else None,
            "calls_per_poll": (
                rounded(sum(p["ivc_calls"] for p in polling) / polls, 2) if polls else None
            ),
            "one_account_peak_calls_per_second": s.account_peak,
            "limit_per_account_per_process": IVC_MAX_CALLS_PER_SECOND,
        },
        "postgresql": _pg(run, c),
        "targets": targets,
        "met": all(t["met"] for t in targets.values()),
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return rounded(a / b, 3) if a is not None and b else None


def _ratios(roles: dict[str, Any], single: dict[str, Any]) -> dict[str, float | None]:
    """Roles' figure over single's (below 1: the roles do better, or use less)."""
    return {
        "pending_p50": _ratio(roles["pending"]["p50_ms"], single["pending"]["p50_ms"]),
        "pending_p99": _ratio(roles["pending"]["p99_ms"], single["pending"]["p99_ms"]),
        "healthz_p99": _ratio(
            roles["probes"]["healthz"]["p99_ms"], single["probes"]["healthz"]["p99_ms"]
        ),
        "metrics_p99": _ratio(
            roles["probes"]["metrics"]["p99_ms"], single["probes"]["metrics"]["p99_ms"]
        ),
        "seconds_from_first_ready_to_all_polled": _ratio(
            roles["polls"]["seconds_from_first_ready_to_all_polled"],
            single["polls"]["seconds_from_first_ready_to_all_polled"],
        ),
        "polling_cpu_ms_per_poll": _ratio(
            roles["cpu"]["polling_cpu_ms_per_poll"], single["cpu"]["polling_cpu_ms_per_poll"]
        ),
        "all_processes_cpu_cores": _ratio(
            roles["cpu"]["all_processes_cpu_cores"], single["cpu"]["all_processes_cpu_cores"]
        ),
    }
