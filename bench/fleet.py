"""What b7 and b8 share: many workspaces, each with its own IVC account, polled on PostgreSQL.

A fresh database seeded straight through the stores (installation, stored IVC account and one
notify subscription per workspace), the app's environment in multi-workspace mode, a sampler
of the simulator's calls, the processes' RSS, ``account_polls`` (and ``pg_stat_database``),
the signed ``pending`` commands of a few workspaces, and the poll cycles the samples show.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from slack_sdk.oauth.installation_store import Installation

from bench.procs import LoadGen, ServerProcess, SimProcess, rss_mb
from bench.stats import percentile, rounded
from bot.encryption_keys import parse_keys
from bot.ivc.credentials import Credentials
from bot.simulator import ACCOUNTS_PATH
from bot.simulator.accounts import tenant_secret_id, tenant_secret_key
from bot.slack.token_store import EncryptedInstallationStore
from bot.store.database import Database
from bot.store.stored_accounts import StoredAccounts
from bot.store.subscriptions import NewSubscription, SubscriptionStore
from bot.subscriptions.model import NotifyEvent, SubscriptionKind
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET, app_env
from tests.support.databases import POSTGRES_ADMIN
from tests.support.fake_slack import FakeSlack

ACCOUNT_TASKS = 200
CLIENT_ID = "1111.7777"
SEED_CONCURRENCY = 10
TARGET_RSS_MB = 400
SCANS = ("seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch")  # pg_stat_user_tables'
PG_COUNTERS = (
    "xact_commit",
    "xact_rollback",
    "tup_returned",
    "tup_fetched",
    "tup_inserted",
    "tup_updated",
    "tup_deleted",
)


def workspace_id(number: int) -> str:
    return f"T{number:07d}"


def database_url(database: str, host_dsn: str = POSTGRES_ADMIN) -> str:
    """The app's ``DATABASE_URL`` of ``database`` on the admin DSN's server."""
    base = host_dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{database}"


def plain_dsn(url: str) -> str:
    """``url`` as asyncpg takes it."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def recreate_database(database: str, *, create: bool = True) -> None:
    """Drop ``database`` (its connections too) and, unless ``create`` is false, create it."""
    conn = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if create:
            await conn.execute(f'CREATE DATABASE "{database}"')
    finally:
        await conn.close()


def bot_token(workspace: str) -> str:
    """The workspace's own bot token, as the fake Slack hands it out (``accept_tokens``)."""
    return f"{BOT_TOKEN}-{workspace}"


def accept_tokens(fake: FakeSlack, workspaces: int) -> None:
    """Every seeded workspace's bot token is its install's: Slack answers ``users.info`` in
    that workspace (its people are members, not people of another organisation)."""
    for number in range(1, workspaces + 1):
        workspace = workspace_id(number)
        assert fake.token_for(workspace) == bot_token(workspace), "the fake's token scheme"


async def seed(url: str, key: str, workspaces: int) -> None:
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
                    bot_token=bot_token(workspace),
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


def tenant_env(
    sim: SimProcess, fake: FakeSlack, url: str, key: str, interval: float
) -> dict[str, str]:
    """An app process of multi-workspace mode on ``url``, polling every ``interval`` seconds."""
    return app_env(
        sim.base_url,
        fake.api_base_url,
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET="oauth-client-secret-b7",
        SLACK_ALLOW_ANY_WORKSPACE="true",
        TOKEN_ENCRYPTION_KEY=key,
        DATABASE_URL=url,
        POLL_INTERVAL_SECONDS=f"{interval:g}",
    )


def lease_lost(folder: Path) -> int:
    """Lease-lost warnings in the logs of the app processes started in ``folder``."""
    return sum(
        path.read_text(errors="replace").count("poll lease of") for path in folder.glob("*.log")
    )


# Sampling ---------------------------------------------------------------------------------
@dataclass
class Samples:
    """What the sampler saw, once a second."""

    times: list[float] = field(default_factory=list)
    calls_total: list[int] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)  # last seen, per SecretId
    account_peak: int = 0  # most calls one SecretId got between two samples
    rss: dict[str, list[float]] = field(default_factory=dict)
    polls: dict[str, set[datetime]] = field(default_factory=dict)  # account key -> poll times
    lags: dict[tuple[str, datetime], float] = field(default_factory=dict)  # poll -> s after due
    lease_rows: int = 0
    # pg_stat_database's counters, each with the rows the sampler had read itself by then
    pg: list[tuple[float, dict[str, int], int]] = field(default_factory=list)
    # pg_stat_user_tables' scans per table (seq_scan, seq_tup_read, idx_scan, idx_tup_fetch)
    tables: list[dict[str, tuple[int, ...]]] = field(default_factory=list)
    own_rows: int = 0


class Sampler:
    """A thread sampling the simulator, the processes' RSS and the poll leases every second
    (and, given ``database``, that database's ``pg_stat_database`` counters)."""

    def __init__(
        self,
        sim: SimProcess,
        processes: dict[str, int],
        dsn: str,
        *,
        interval: float,
        database: str | None = None,
    ) -> None:
        self.samples = Samples(rss={name: [] for name in processes})
        self._sim, self._processes, self._dsn = sim, processes, dsn
        self._interval, self._database = interval, database
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
        s.account_peak = max(
            [s.account_peak, *(n - s.calls.get(secret_id, 0) for secret_id, n in calls.items())]
        )
        s.calls = calls
        for name, pid in self._processes.items():
            with suppress(FileNotFoundError, RuntimeError):
                s.rss[name].append(rss_mb(pid))
        if self._database is not None:
            row = await conn.fetchrow(
                f"SELECT {', '.join(PG_COUNTERS)} FROM pg_stat_database WHERE datname = $1",
                self._database,
            )
            counted = {name: int(row[name]) for name in PG_COUNTERS}
            s.pg.append((s.times[-1], counted, s.own_rows))
            scans = await conn.fetch(f"SELECT relname, {', '.join(SCANS)} FROM pg_stat_user_tables")
            s.tables.append({r["relname"]: tuple(int(r[k] or 0) for k in SCANS) for r in scans})
        rows = await conn.fetch(
            "SELECT account_key, last_polled_at, next_poll_at FROM account_polls"
        )
        s.own_rows += len(rows)
        s.lease_rows = len(rows)
        for row in rows:
            if row["last_polled_at"] is not None:
                s.polls.setdefault(row["account_key"], set()).add(row["last_polled_at"])
                # a finished poll moves the due time on one interval (the phase kept)
                due = row["next_poll_at"] - timedelta(seconds=self._interval)
                lag = (row["last_polled_at"] - due).total_seconds()
                s.lags[(row["account_key"], row["last_polled_at"])] = lag

    def all_polled(self, keys: set[str]) -> bool:
        return keys <= set(self.samples.polls)


# Commands ---------------------------------------------------------------------------------
@dataclass
class Commands:
    """Signed ``pending`` commands of a few workspaces, sent by the load generator to
    ``servers`` in turn (one job of ``per_job`` commands each)."""

    loadgen: LoadGen
    servers: Sequence[ServerProcess]
    fake: FakeSlack
    case: str
    per_job: int
    latencies_ms: list[float] = field(default_factory=list)
    answer_latencies_ms: list[float] = field(default_factory=list)  # acked from the cache
    kinds: Counter[str] = field(default_factory=Counter)
    fetched: Counter[str] = field(default_factory=Counter)  # per workspace: acks "fetching"
    answered: Counter[int] = field(default_factory=Counter)  # per server index: completed

    def send(self, server: int, workspace: str, count: int, prefix: str) -> dict[str, Any]:
        """Send ``count`` commands of ``workspace``; count those that fetched (an IVC list each)."""
        result = self.loadgen.run(
            {
                "url": self.servers[server].events_url,
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
        """Until each server answers ``pending`` of ``workspace`` from its cache."""
        for server in range(len(self.servers)):
            for attempt in range(100):
                prefix = f"{self.case}-warm-{server}-{workspace}-{attempt}-"
                if self.send(server, workspace, 1, prefix)["kinds"]["answer"] == 1:
                    break
                time.sleep(0.2)
            else:
                raise RuntimeError(
                    f"{self.case}: {workspace} never answered 'pending' from its cache"
                )

    def measure(self, workspace: str, round_no: int) -> None:
        server = round_no % len(self.servers)
        prefix = f"{self.case}-{workspace}-{round_no}-"
        result = self.send(server, workspace, self.per_job, prefix)
        self.latencies_ms += result["latencies_ms"]
        self.answer_latencies_ms += result["answer_latencies_ms"]
        self.kinds.update({k: v for k, v in result["kinds"].items() if v})
        self.answered[server] += result["completed"]


# Poll cycles -------------------------------------------------------------------------------
def windows(times: list[float], interval: float) -> list[int]:
    """Polls in each interval after the account's first poll: [first + k·I − I/2, + I/2)."""
    first, half = times[0], interval / 2
    counts = []
    for k in range(0, 3):
        low, high = first + k * interval - half, first + k * interval + half
        counts.append(sum(low <= t < high for t in times))
    return counts


@dataclass
class Cycles:
    """Each account's finished polls, as the samples saw them, in intervals of its own."""

    polls: dict[str, list[float]]  # account key -> finished polls (epoch seconds), sorted
    polled: list[str]
    firsts: list[float]  # every polled account's first poll, sorted
    first_cycle: Counter[int]  # polls in an account's first interval -> accounts
    second: Counter[int]  # the same, second interval, of the accounts whose one is complete
    complete: list[str]
    gaps: list[float]
    duplicates: int  # two polls of an account closer than half an interval
    lags: list[float]  # seconds from due to finished, sorted

    @property
    def all_polled(self) -> bool:
        return len(self.polled) == len(self.polls)

    def once_per_interval(
        self, accounts: int, interval: float, *, note: str = ""
    ) -> dict[str, dict[str, Any]]:
        """The targets of one poll per account in each of its first two intervals, and none
        closer than half an interval (``note`` follows that one's text)."""
        return {
            "one_poll_in_first_interval": target(
                "1 finished poll per account in its first interval, for every account",
                by_count(self.first_cycle),
                self.first_cycle.get(1, 0) == accounts,
            ),
            "one_poll_in_second_interval": target(
                "1 finished poll per account in its second interval, for every account",
                by_count(self.second),
                self.second.get(1, 0) == accounts,
            ),
            "no_polls_closer_than_half_an_interval": target(
                f"0 finished polls of an account closer than {interval / 2:g} s{note}",
                self.duplicates,
                self.duplicates == 0,
            ),
        }

    def seconds_all(self, since: float | None = None) -> float | None:
        """From ``since`` (else the first poll) to the last account's first poll; None until
        every account was polled."""
        if not self.all_polled:
            return None
        return self.firsts[-1] - (self.firsts[0] if since is None else since)


def cycles(s: Samples, keys: set[str], interval: float) -> Cycles:
    polls = {k: sorted(t.timestamp() for t in s.polls.get(k, ())) for k in keys}
    polled = [k for k in keys if polls[k]]
    # the second interval is complete for an account when its window closed before the end
    complete = [k for k in polled if polls[k][0] + 1.5 * interval <= s.times[-1]]
    gaps = [b - a for k in polled for a, b in zip(polls[k], polls[k][1:], strict=False)]
    return Cycles(
        polls=polls,
        polled=polled,
        firsts=sorted(polls[k][0] for k in polled),
        first_cycle=Counter(windows(polls[k], interval)[0] for k in polled),
        second=Counter(windows(polls[k], interval)[1] for k in complete),
        complete=complete,
        gaps=gaps,
        duplicates=sum(g < interval / 2 for g in gaps),
        lags=sorted(s.lags.values()),
    )


def by_count(counts: Counter[int]) -> dict[str, int]:
    """``{polls: accounts}`` with string keys, in order (as JSON keeps them)."""
    return {str(k): v for k, v in sorted(counts.items())}


def lag_figures(lags: list[float]) -> dict[str, float | None]:
    return {
        "p50": rounded(percentile(lags, 50), 2) if lags else None,
        "p99": rounded(percentile(lags, 99), 2) if lags else None,
        "max": rounded(lags[-1], 2) if lags else None,
    }


def calls_per_second(s: Samples) -> list[float]:
    """The simulator's calls in each 1-s step between samples, per second."""
    return [
        (b - a) / max(1e-6, tb - ta)
        for a, b, ta, tb in zip(
            s.calls_total, s.calls_total[1:], s.times, s.times[1:], strict=False
        )
    ]


def target(what: str, value: Any, met: bool) -> dict[str, Any]:
    """One target: what it asks, the figure it is judged on and whether it was met."""
    return {"target": what, "value": value, "met": bool(met)}
