"""b7: many workspaces, each with its own IVC account, polled by 3 replicas on PostgreSQL.

Seeds ``workspaces`` installations, stored IVC accounts (tenant accounts of the simulator) and
one notify subscription each straight into a fresh PostgreSQL database, starts the
replicas (multi-workspace mode, ``POLL_INTERVAL_SECONDS``) and, while they poll, samples
every second: the simulator's requests per SecretId, each replica's RSS and each account's
``account_polls.last_polled_at`` (every distinct value is one finished poll). Meanwhile
signed ``/retrieval-tasks pending`` commands of a few workspaces go to one replica.

Each target is reported under ``targets`` with its value and whether it was met; ``met`` is
all of them. IVC list calls are compared with finished polls over every account: the command
workspaces' own commands list their tasks too (each one acked "fetching"), so those
workspaces are also reported apart, with their commands' fetches.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from bench.procs import (
    LoadGen,
    ServerProcess,
    SimProcess,
    rss_mb,
    running_loadgen,
    running_sim_process,
)
from bench.stats import percentile, rounded
from bot.encryption_keys import parse_keys
from bot.ivc.accounts import workspace_key
from bot.ivc.credentials import Credentials
from bot.simulator import ACCOUNTS_PATH
from bot.simulator.accounts import tenant_secret_id, tenant_secret_key
from bot.slack.token_store import EncryptedInstallationStore
from bot.store.database import Database
from bot.store.stored_accounts import StoredAccounts
from bot.store.subscriptions import NewSubscription, SubscriptionStore
from bot.subscriptions.model import NotifyEvent, SubscriptionKind
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET, app_env, running_app
from tests.support.databases import POSTGRES_ADMIN
from tests.support.fake_slack import FakeSlack, running_fake_slack

ACCOUNT_TASKS = 200
REPLICAS = 3
INTERVAL_SECONDS = 60
DATABASE = "bench_b7"
CLIENT_ID = "1111.7777"
COMMAND_WORKSPACES = 3  # workspaces whose commands are timed (their caches warm)
COMMAND_WORKSPACES_REASON = (
    "their `pending` commands (the timed load, warm-up included) list their tasks from IVC "
    "too whenever the replica's cache has expired (each such command is acked 'fetching'), "
    "so they are listed more often than polled without any poll being made twice"
)
COMMANDS_PER_JOB = 20
COMMAND_PAUSE_SECONDS = 0.5  # between jobs: the commands are a light load beside the polls
SEED_CONCURRENCY = 10
TARGET_RSS_MB = 400
MAX_RUN_SECONDS = 300  # failure bound: every account polled once, then one more interval


def workspace_id(number: int) -> str:
    return f"T{number:07d}"


def _url(host_dsn: str = POSTGRES_ADMIN) -> str:
    base = host_dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{DATABASE}"


async def _recreate_database() -> None:
    conn = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await conn.close()


async def _seed(url: str, key: str, workspaces: int) -> None:
    """Each workspace: its installation, its own IVC account, one notify subscription."""
    db = await Database.open(url)
    keys = parse_keys(key)
    installs = EncryptedInstallationStore(client_id=CLIENT_ID, engine=db.engine, keys=keys)
    stored_accounts, subs = StoredAccounts(db, keys), SubscriptionStore(db)
    gate = asyncio.Semaphore(SEED_CONCURRENCY)

    async def one(number: int) -> None:
        workspace, secret_id = workspace_id(number), tenant_secret_id(number)
        async with gate:
            await installs.async_save(
                Installation(
                    app_id="A0001",
                    team_id=workspace,
                    bot_token=BOT_TOKEN,
                    bot_id="B0001",
                    bot_user_id="UBOT",
                    user_id="UADMIN1",
                )
            )
            credentials = Credentials(secret_id, tenant_secret_key(secret_id))
            await stored_accounts.save(workspace, api="ivc", credentials=credentials)
            new = NewSubscription(
                workspace_id=workspace,
                channel_id=f"C{number:07d}",
                kind=SubscriptionKind.NOTIFY,
                timezone="UTC",
                events=(NotifyEvent.APPEARED,),
                created_by="U0BENCH",
            )
            await subs.create(new, now=datetime.now(UTC), first_run=lambda _sub: None)

    try:
        await asyncio.gather(*(one(n) for n in range(1, workspaces + 1)))
    finally:
        await db.aclose()


# Sampling ---------------------------------------------------------------------------------
@dataclass
class Samples:
    """What the sampler saw, once a second."""

    times: list[float] = field(default_factory=list)
    calls_total: list[int] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)  # last seen, per SecretId
    rss: dict[str, list[float]] = field(default_factory=dict)
    polls: dict[str, set[datetime]] = field(default_factory=dict)  # account key -> poll times
    lags: dict[tuple[str, datetime], float] = field(default_factory=dict)  # poll -> s after due
    lease_rows: int = 0


class Sampler:
    """A thread sampling the simulator, the replicas' RSS and the poll leases every second."""

    def __init__(self, sim: SimProcess, replicas: dict[str, int], dsn: str) -> None:
        self.samples = Samples(rss={name: [] for name in replicas})
        self._sim, self._replicas, self._dsn = sim, replicas, dsn
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)

    async def _run(self) -> None:
        conn = await asyncpg.connect(self._dsn)
        try:
            async with httpx.AsyncClient(timeout=10) as client:
                while not self._stop.is_set():
                    started = time.monotonic()
                    await self._sample(client, conn)
                    await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
                await self._sample(client, conn)
        finally:
            await conn.close()

    async def _sample(self, client: httpx.AsyncClient, conn: asyncpg.Connection) -> None:
        s = self.samples
        calls: dict[str, int] = (await client.get(self._sim.base_url + ACCOUNTS_PATH)).json()[
            "calls"
        ]
        s.times.append(time.time())
        s.calls_total.append(sum(calls.values()))
        s.calls = calls
        for name, pid in self._replicas.items():
            with suppress(FileNotFoundError, RuntimeError):
                s.rss[name].append(rss_mb(pid))
        rows = await conn.fetch(
            "SELECT account_key, last_polled_at, next_poll_at FROM account_polls"
        )
        s.lease_rows = len(rows)
        for row in rows:
            if row["last_polled_at"] is not None:
                s.polls.setdefault(row["account_key"], set()).add(row["last_polled_at"])
                # a finished poll moves the due time on one interval (the phase kept)
                due = row["next_poll_at"] - timedelta(seconds=INTERVAL_SECONDS)
                lag = (row["last_polled_at"] - due).total_seconds()
                s.lags[(row["account_key"], row["last_polled_at"])] = lag

    def all_polled(self, keys: set[str]) -> bool:
        return keys <= set(self.samples.polls)


# Commands ---------------------------------------------------------------------------------
@dataclass
class Commands:
    """Signed ``pending`` commands of a few workspaces, sent by the load generator."""

    loadgen: LoadGen
    server: ServerProcess
    fake: FakeSlack
    latencies_ms: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    fetched: Counter[str] = field(default_factory=Counter)  # per workspace: acks "fetching"

    def send(self, workspace: str, count: int, prefix: str) -> dict[str, Any]:
        """Send ``count`` commands of ``workspace``; count those that fetched (an IVC list each)."""
        result = self.loadgen.run(
            {
                "url": self.server.events_url,
                "secret": SIGNING_SECRET,
                "text": "pending",
                "team_id": workspace,
                "count": count,
                "concurrency": 1,
                "id_prefix": prefix,
                "response_url_base": self.fake.base_url + "/response/",
                "max_seconds": 60,
                "timeout": 30,
            }
        )
        self.fetched[workspace] += result["kinds"]["fetching"]
        return result

    def warm(self, workspace: str) -> None:
        for attempt in range(100):
            if self.send(workspace, 1, f"b7-warm-{workspace}-{attempt}-")["kinds"]["answer"] == 1:
                return
            time.sleep(0.2)
        raise RuntimeError(f"b7: {workspace} never answered 'pending' from its cache")

    def measure(self, workspace: str, round_no: int) -> None:
        result = self.send(workspace, COMMANDS_PER_JOB, f"b7-{workspace}-{round_no}-")
        self.latencies_ms += result["latencies_ms"]
        self.kinds.update({k: v for k, v in result["kinds"].items() if v})


# The run -----------------------------------------------------------------------------------
@contextmanager
def _replicas(
    workdir: Path, sim: SimProcess, fake: FakeSlack, url: str, key: str
) -> Iterator[dict[str, ServerProcess]]:
    with ExitStack() as exits:
        servers = {}
        for index in range(REPLICAS):
            env = app_env(
                sim.base_url,
                fake.api_base_url,
                SLACK_BOT_TOKEN="",
                SLACK_CLIENT_ID=CLIENT_ID,
                SLACK_CLIENT_SECRET="oauth-client-secret-b7",
                SLACK_ALLOW_ANY_WORKSPACE="true",
                TOKEN_ENCRYPTION_KEY=key,
                DATABASE_URL=url,
                POLL_INTERVAL_SECONDS=str(INTERVAL_SECONDS),
            )
            folder = workdir / f"replica-{index}"
            folder.mkdir(exist_ok=True)
            app = exits.enter_context(running_app(env, folder, timeout=120))
            servers[f"replica-{index}"] = ServerProcess(app.base_url, app.process)
        yield servers


def run_b7(workdir: Path, *, workspaces: int) -> dict[str, Any]:
    """Seed, run the replicas through a full poll cycle and one more interval, measure."""
    url = _url()
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    key = Fernet.generate_key().decode()
    asyncio.run(_recreate_database())
    seed_started = time.monotonic()
    asyncio.run(_seed(url, key, workspaces))
    seed_seconds = time.monotonic() - seed_started
    keys = {workspace_key(workspace_id(n)) for n in range(1, workspaces + 1)}
    command_workspaces = [workspace_id(n) for n in range(1, COMMAND_WORKSPACES + 1)]
    with ExitStack() as exits:
        sim = exits.enter_context(
            running_sim_process(workdir, tasks=10, accounts=workspaces, account_tasks=ACCOUNT_TASKS)
        )
        fake = exits.enter_context(running_fake_slack(bot_token=BOT_TOKEN))
        started = time.time()
        replicas = ExitStack()  # stopped before the last sample: no poll left in flight
        exits.enter_context(replicas)
        servers = replicas.enter_context(_replicas(workdir, sim, fake, url, key))
        all_ready = time.time()
        pids = {name: s.process.pid for name, s in servers.items()}
        sampler = exits.enter_context(Sampler(sim, pids, dsn))
        loadgen = exits.enter_context(running_loadgen(workdir))
        commands = Commands(loadgen, servers["replica-0"], fake)
        for workspace in command_workspaces:
            commands.warm(workspace)
        polled_all_at: float | None = None
        n = 0
        while time.time() - started < MAX_RUN_SECONDS:
            if polled_all_at is None and sampler.all_polled(keys):
                polled_all_at = time.time()
            # then until every account's second interval (first poll + I/2 .. + 3I/2) is over
            if (
                polled_all_at is not None
                and time.time() > polled_all_at + 1.5 * INTERVAL_SECONDS + 2
            ):
                break
            commands.measure(command_workspaces[n % COMMAND_WORKSPACES], n)
            n += 1
            time.sleep(COMMAND_PAUSE_SECONDS)
        replicas.close()  # each finishes its polls in hand (SIGTERM), then the last sample
        sampler.__exit__(None, None, None)
        logs = {name: _lease_lost(workdir / name) for name in servers}
    return _figures(
        workspaces,
        sampler.samples,
        keys,
        command_workspaces,
        commands,
        started=started,
        all_ready=all_ready,
        seed_seconds=seed_seconds,
        lost_leases=logs,
    )


def _lease_lost(folder: Path) -> int:
    return sum(
        path.read_text(errors="replace").count("poll lease of") for path in folder.glob("*.log")
    )


def _windows(times: list[float]) -> list[int]:
    """Polls in each interval after the account's first poll: [first + k·I − I/2, + I/2)."""
    first, half = times[0], INTERVAL_SECONDS / 2
    counts = []
    for k in range(0, 3):
        low, high = first + k * INTERVAL_SECONDS - half, first + k * INTERVAL_SECONDS + half
        counts.append(sum(low <= t < high for t in times))
    return counts


def _figures(
    workspaces: int,
    s: Samples,
    keys: set[str],
    command_workspaces: list[str],
    commands: Commands,
    *,
    started: float,
    all_ready: float,
    seed_seconds: float,
    lost_leases: dict[str, int],
) -> dict[str, Any]:
    polls = {k: sorted(t.timestamp() for t in s.polls.get(k, ())) for k in keys}
    polled = [k for k in keys if polls[k]]
    firsts = sorted(polls[k][0] for k in polled)
    last_sample = s.times[-1]
    first_cycle = Counter(_windows(polls[k])[0] for k in polled)
    # the second interval is complete for an account when its window closed before the end
    complete = [k for k in polled if polls[k][0] + 1.5 * INTERVAL_SECONDS <= last_sample]
    second = Counter(_windows(polls[k])[1] for k in complete)
    gaps = [b - a for k in polled for a, b in zip(polls[k], polls[k][1:], strict=False)]
    duplicates = sum(g < INTERVAL_SECONDS / 2 for g in gaps)
    deltas = [
        (b - a) / max(1e-6, tb - ta)
        for a, b, ta, tb in zip(
            s.calls_total, s.calls_total[1:], s.times, s.times[1:], strict=False
        )
    ]
    # IVC list calls and finished polls per account (1 list call a poll), over every account
    numbers = range(1, workspaces + 1)
    calls_polls = {
        n: (s.calls.get(tenant_secret_id(n), 0), len(polls[workspace_key(workspace_id(n))]))
        for n in numbers
    }
    per_account = Counter(calls_polls.values())
    commanded = {int(workspace[1:]): workspace for workspace in command_workspaces}
    listed_more = [n for n, (calls, polls_) in calls_polls.items() if calls > polls_]
    # beyond its polls and its own commands' fetches: only a poll made again (a lease that ran
    # out, the poll repeated by another replica) lists an account more
    unexplained = [
        n
        for n, (calls, polls_) in calls_polls.items()
        if calls > polls_ + commands.fetched.get(commanded.get(n, ""), 0)
    ]
    rss_max = {name: rounded(max(v), 1) for name, v in s.rss.items() if v}
    latencies = commands.latencies_ms
    lags = sorted(s.lags.values())
    seconds_all = (firsts[-1] - firsts[0]) if len(polled) == len(keys) else None
    rss_peak = max(rss_max.values()) if rss_max else None
    targets = {
        "every_account_polled_within_interval": _target(
            f"every account polled once within the {INTERVAL_SECONDS} s interval (first poll "
            "to the last account's first poll)",
            rounded(seconds_all, 1) if seconds_all is not None else None,
            seconds_all is not None and seconds_all <= INTERVAL_SECONDS,
        ),
        "one_poll_in_first_interval": _target(
            "1 finished poll per account in its first interval, for every account",
            {str(k): v for k, v in sorted(first_cycle.items())},
            first_cycle.get(1, 0) == len(keys),
        ),
        "one_poll_in_second_interval": _target(
            "1 finished poll per account in its second interval, for every account",
            {str(k): v for k, v in sorted(second.items())},
            second.get(1, 0) == len(keys),
        ),
        "no_polls_closer_than_half_an_interval": _target(
            f"0 finished polls of an account closer than {INTERVAL_SECONDS / 2:g} s",
            duplicates,
            duplicates == 0,
        ),
        "no_account_listed_more_than_polled": _target(
            f"0 of all {workspaces} accounts listed by IVC more often than polled, a command "
            "workspace's lists for its own commands that fetched counted with its polls",
            len(unexplained),
            not unexplained,
        ),
        "rss_per_replica": _target(
            f"RSS per replica < {TARGET_RSS_MB} MB",
            rss_peak,
            rss_peak is not None and rss_peak < TARGET_RSS_MB,
        ),
    }
    return {
        "workspaces": workspaces,
        "account_tasks": ACCOUNT_TASKS,
        "replicas": REPLICAS,
        "poll_interval_seconds": INTERVAL_SECONDS,
        "database": "postgresql",
        "seed_seconds": rounded(seed_seconds, 1),
        "replicas_ready_after_seconds": rounded(all_ready - started, 1),
        "accounts_polled": len(polled),
        "seconds_to_poll_every_account": rounded(seconds_all, 1) if seconds_all else None,
        "seconds_from_first_replica_start_to_all_polled": (
            rounded(firsts[-1] - started, 1) if seconds_all else None
        ),
        "polls_in_first_interval": {str(k): v for k, v in sorted(first_cycle.items())},
        "polls_in_second_interval": {str(k): v for k, v in sorted(second.items())},
        "accounts_with_complete_second_interval": len(complete),
        "duplicate_polls": duplicates,
        "seconds_from_due_to_polled": {
            "p50": rounded(percentile(lags, 50), 2) if lags else None,
            "p99": rounded(percentile(lags, 99), 2) if lags else None,
            "max": rounded(lags[-1], 2) if lags else None,
        },
        "listed_more_than_polled": len(listed_more),
        "listed_more_than_polled_excluding_command_workspaces": sum(
            n not in commanded for n in listed_more
        ),
        "listed_more_than_polled_beyond_command_fetches": len(unexplained),
        "command_workspaces": {
            "teams": command_workspaces,
            "reason": COMMAND_WORKSPACES_REASON,
            "by_team": {
                workspace: {
                    "ivc_calls": calls_polls[number][0],
                    "finished_polls": calls_polls[number][1],
                    "commands_acked_fetching": commands.fetched.get(workspace, 0),
                }
                for number, workspace in sorted(commanded.items())
            },
        },
        "min_gap_between_polls_seconds": rounded(min(gaps), 1) if gaps else None,
        "lost_lease_warnings": lost_leases,
        "ivc_calls_vs_polls_per_account": {
            f"{calls} calls / {n} polls": count for (calls, n), count in sorted(per_account.items())
        },
        "ivc_calls_total": s.calls_total[-1],
        "ivc_calls_per_second_peak": rounded(max(deltas), 1) if deltas else None,
        "ivc_calls_per_second_mean": (rounded(sum(deltas) / len(deltas), 1) if deltas else None),
        "rss_max_mb": rss_max,
        "rss_final_mb": {name: rounded(v[-1], 1) for name, v in s.rss.items() if v},
        "commands": {
            "teams": command_workspaces,
            "sent": len(latencies),
            "kinds": dict(commands.kinds),
            "p50_ms": rounded(percentile(latencies, 50), 2) if latencies else None,
            "p99_ms": rounded(percentile(latencies, 99), 2) if latencies else None,
            "max_ms": rounded(max(latencies), 2) if latencies else None,
        },
        "run_seconds": rounded(last_sample - started, 1),
        "targets": targets,
        "target": "; ".join(t["target"] for t in targets.values()),
        "met": all(t["met"] for t in targets.values()),
    }


def _target(target: str, value: Any, met: bool) -> dict[str, Any]:
    """One target of b7: what it asks, the figure it is judged on and whether it was met."""
    return {"target": target, "value": value, "met": bool(met)}
