"""The workspaces' own IVC accounts polled by several replicas: each
account once per interval, claimed with a lease; a replica that dies mid-cycle loses
nothing; a poll plans deliveries for its own workspace only, with memory kept per account."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import select, update

from bot.commands import parse_command
from bot.config import load_settings
from bot.features.subscriptions.asked import asked_subscription
from bot.ivc.accounts import AccountSources, source_factory
from bot.ivc.credentials import Credentials
from bot.services.subscriptions import SubscriptionService
from bot.simulator.accounts import tenant_secret_id, tenant_secret_key
from bot.store.account_lookup import stored_lookup
from bot.store.database import Database
from bot.store.poll_leases import PollLeases
from bot.store.schema import account_polls, deliveries, task_history, task_memory
from bot.store.stored_accounts import StoredAccount, StoredAccounts
from bot.store.subscriptions import SubscriptionStore
from bot.store.watches import WatchStore
from bot.worker import poller
from bot.worker.account_polling import AccountPolling
from tests.support.clock import FakeClock
from tests.support.polling import wait_until_async
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim, running_sim

START = 1_772_409_600.0  # 2026-03-02 00:00 UTC
INTERVAL = timedelta(seconds=60)
LEASE = timedelta(seconds=30)
WORKSPACES = {"T0001": 1, "T0002": 2, "T0003": 3}


@pytest.fixture
def sim() -> Iterator[RunningSim]:
    with running_sim(clock=FakeClock(START), tasks=0, accounts=3, account_tasks=4) as running:
        yield running


@dataclass
class Fleet:
    db: Database
    replicas: list[AccountPolling]
    subs: SubscriptionService
    stored_accounts: StoredAccounts


@pytest.fixture
async def fleet(database_url: str, sim: RunningSim) -> AsyncIterator[Fleet]:
    settings = load_settings(
        {
            "ivc_secret_id": SIM_SECRET_ID,
            "ivc_secret_key": SIM_SECRET_KEY,
            "ivc_base_url": sim.base_url,
            "cache_ttl_seconds": 0,
            "refresh_min_interval_seconds": 0,
            "ivc_backoff_seconds": 0,
        }
    )
    db = await Database.open(database_url)
    stored_accounts = StoredAccounts(db, MultiFernet([Fernet(Fernet.generate_key())]))
    for workspace, number in WORKSPACES.items():
        secret_id = tenant_secret_id(number)
        key = tenant_secret_key(secret_id)
        await stored_accounts.save(workspace, api="ivc", credentials=Credentials(secret_id, key))
    replicas, sources = [], []
    for name in ("replica-a", "replica-b"):
        source = AccountSources(
            stored_lookup(stored_accounts, shared=None, shared_workspaces=frozenset()),
            source_factory(settings, clock=sim.clock),
            max_sources=10,
            max_tasks=10_000,
            clock=sim.clock,
        )
        sources.append(source)
        replicas.append(
            AccountPolling(
                db=db,
                leases=PollLeases(db, interval=INTERVAL),
                stored_accounts=stored_accounts,
                sources=source,
                subs=SubscriptionStore(db),
                watches=WatchStore(db),
                worker_id=name,
                lease=LEASE,
            )
        )
    yield Fleet(
        db, replicas, SubscriptionService(SubscriptionStore(db), clock=sim.clock), stored_accounts
    )
    for source in sources:
        await source.aclose()
    await db.aclose()


def at(sim: RunningSim) -> datetime:
    return datetime.fromtimestamp(sim.clock(), UTC)


async def sweep(fleet: Fleet, sim: RunningSim, seconds: int, step: int = 5) -> int:
    """Every replica ticks every ``step`` seconds for ``seconds``; polls made."""
    polls = 0
    for _ in range(0, seconds, step):
        for replica in fleet.replicas:
            polls += await replica.poll_due(at(sim))
        sim.clock.advance(step)
    return polls


async def test_each_account_is_polled_once_per_interval_across_replicas(fleet, sim):
    assert await sweep(fleet, sim, 60) == len(WORKSPACES)
    assert await sweep(fleet, sim, 60) == len(WORKSPACES)
    async with fleet.db.engine.connect() as conn:
        rows = (await conn.execute(select(account_polls.c.account_key))).all()
    assert sorted(row[0] for row in rows) == [
        f"team:{workspace}" for workspace in sorted(WORKSPACES)
    ]
    async with fleet.db.engine.connect() as conn:
        memory = (await conn.execute(select(task_memory.c.account).distinct())).all()
    assert sorted(row[0] for row in memory) == [
        f"team:{workspace}" for workspace in sorted(WORKSPACES)
    ]


async def test_a_replica_that_dies_mid_cycle_loses_nothing(fleet, sim):
    dead, alive = fleet.replicas
    await sweep(fleet, sim, 60)  # every account has a due time now
    sim.clock.advance(60)
    died_at = at(sim)
    claimed = await dead.leases.claim(dead.worker_id, died_at, LEASE, limit=100)
    assert claimed, "the dying replica held polls"
    fleet.replicas = [alive]
    await sweep(fleet, sim, 60)
    async with fleet.db.engine.connect() as conn:
        query = select(account_polls.c.account_key, account_polls.c.last_polled_at)
        last = dict((await conn.execute(query)).all())
    for claim in claimed:  # each polled again, by the live replica, within one interval
        polled = last[claim.account_key]
        assert died_at < polled.replace(tzinfo=UTC) <= died_at + INTERVAL


async def test_a_poll_plans_deliveries_for_its_own_workspace_only(fleet, sim):
    mine = await fleet.subs.subscribe(
        asked_subscription(
            parse_command("subscribe notify"),
            workspace_id="T0001",
            channel_id="C0ONE",
            user_id="U0ONE",
            timezone="UTC",
        )
    )
    other = await fleet.subs.subscribe(
        asked_subscription(
            parse_command("subscribe notify"),
            workspace_id="T0002",
            channel_id="C0TWO",
            user_id="U0TWO",
            timezone="UTC",
        )
    )
    await sweep(fleet, sim, 60)  # the baseline of every account
    tenant = sim.sim.account_for(tenant_secret_id(WORKSPACES["T0001"]))
    tenant.add_task(dict(tenant.records()[0], TaskId="f" * 32, Status=2))
    await sweep(fleet, sim, 60)
    async with fleet.db.engine.connect() as conn:
        query = select(deliveries.c.subscription_id, deliveries.c.task_id)
        planned = (await conn.execute(query)).all()
    assert (mine.id, "f" * 32) in planned
    by_sub: dict[int, set[str]] = {}
    for sub_id, task_id in planned:
        by_sub.setdefault(sub_id, set()).add(task_id)
    for sub, workspace in ((mine, "T0001"), (other, "T0002")):
        own = {
            r["TaskId"]
            for r in sim.sim.account_for(tenant_secret_id(WORKSPACES[workspace])).records()
        }
        assert by_sub.get(sub.id, set()) <= own, "only the workspace's own account's tasks"


async def test_a_long_tick_claims_each_batch_when_it_starts_so_no_lease_is_born_expired(
    fleet, sim, monkeypatch
):
    """A tick longer than a lease (each batch well within one): every batch is claimed at
    the time it starts, so a replica ticking late in that tick finds the batch being polled
    held (stamped with the tick's start, that claim was born expired and the other replica
    fetched the same account again)."""
    slow, other = fleet.replicas
    for replica in (slow, other):
        monkeypatch.setattr(replica, "in_flight", 1)
    await sweep(fleet, sim, 60)  # every account has a due time and one finished poll
    sim.clock.advance(60)
    held: list[str] = []  # what the slow replica claimed, batch by batch
    taken_by_other: list[str] = []
    slow_claim, other_claim = slow.leases.claim, other.leases.claim

    async def claim_slowly(worker, now, lease, *, limit=16):
        claims = await slow_claim(worker, now, lease, limit=limit)
        held.extend(c.account_key for c in claims)
        sim.clock.advance(12)  # a batch: well within its lease; three of them: more than one
        if len(held) == len(WORKSPACES) and claims:  # the last batch is being polled
            await other.poll_due(at(sim), sim.clock)
        return claims

    async def claim_recorded(worker, now, lease, *, limit=16):
        claims = await other_claim(worker, now, lease, limit=limit)
        taken_by_other.extend(c.account_key for c in claims)
        return claims

    monkeypatch.setattr(slow.leases, "claim", claim_slowly)
    monkeypatch.setattr(other.leases, "claim", claim_recorded)
    await slow.poll_due(at(sim), sim.clock)
    assert len(held) == len(WORKSPACES), "the slow replica polled every account, one per batch"
    assert held[-1] not in taken_by_other, "the batch being polled was held, not taken again"


async def test_the_polling_loop_polls_each_account_as_it_comes_due_until_stopped(fleet, sim):
    """``run`` (beside the worker's ticks): nothing before an account is due, every account
    once when the clock passes its due time, again an interval later, then it stops."""
    replica = fleet.replicas[0]
    stopping = asyncio.Event()
    loop = asyncio.create_task(replica.run(sim.clock, stopping, max_wait=0.02))
    try:
        await wait_until_async(lambda: replica.rounds >= 3, "a few rounds", 10)
        assert replica.polls == 0, "none is due before its phase"
        sim.clock.advance(60)
        await wait_until_async(lambda: replica.polls == len(WORKSPACES), "every account polled", 10)
        sim.clock.advance(60)
        await wait_until_async(lambda: replica.polls == 2 * len(WORKSPACES), "polled again", 10)
    finally:
        stopping.set()
        await asyncio.wait_for(loop, 10)
    assert replica.polls == 2 * len(WORKSPACES), "no account twice in an interval"


async def test_a_write_wakes_the_polling_loop_to_poll_its_account_at_once(fleet, sim, monkeypatch):
    """Between looks an hour apart, a write elsewhere makes its account due and wakes the
    loop: that account is polled then, and only it."""
    replica = fleet.replicas[0]
    looked = asyncio.Event()  # the first round is over: the loop goes on to its pause
    next_claimable = replica.leases.next_claimable

    async def noted() -> datetime | None:
        try:
            return await next_claimable()
        finally:
            looked.set()

    monkeypatch.setattr(replica.leases, "next_claimable", noted)
    stopping = asyncio.Event()
    loop = asyncio.create_task(replica.run(sim.clock, stopping, max_wait=3600))
    try:
        await asyncio.wait_for(looked.wait(), 10)
        assert (replica.rounds, replica.polls) == (1, 0), "none is due before its phase"
        await replica.leases.due_now("team:T0002", at(sim))
        replica.wake()
        await wait_until_async(lambda: replica.polls == 1, "the written account polled", 10)
        assert replica.rounds == 2
    finally:
        stopping.set()
        await asyncio.wait_for(loop, 10)
    assert replica.polls == 1


async def test_whether_ivc_answered_is_noted_when_it_changes_else_every_five_minutes(fleet, sim):
    """App Home's "last worked": a refusal is noted at the poll that met it, an answer again
    at once; an unchanged answer rewrites the time at most every RECORD_EVERY."""
    replica, workspace = fleet.replicas[0], "T0001"
    secret_id = tenant_secret_id(WORKSPACES[workspace])

    async def noted() -> StoredAccount:
        stored = await fleet.stored_accounts.load(workspace)
        assert stored is not None
        return stored

    async def connect(key: str) -> None:
        await fleet.stored_accounts.save(
            workspace, api="ivc", credentials=Credentials(secret_id, key)
        )
        sim.clock.advance(61)  # past the sources' recheck of the stored account

    async def poll_every(seconds: int, times: int) -> None:
        for _ in range(times):
            sim.clock.advance(seconds)
            await replica.poll_due(at(sim), sim.clock)

    await poll_every(60, 2)
    first = (await noted()).last_ok_at
    assert first is not None and (await noted()).last_error is None
    await poll_every(60, 3)  # unchanged, within five minutes: not rewritten
    assert (await noted()).last_ok_at == first
    await connect(tenant_secret_key(tenant_secret_id(WORKSPACES["T0002"])))  # a wrong key
    await poll_every(60, 1)
    assert "signature" in ((await noted()).last_error or "").lower()
    await connect(tenant_secret_key(secret_id))
    await poll_every(60, 1)
    again = await noted()
    assert again.last_error is None and again.last_ok_at is not None and again.last_ok_at > first
    await poll_every(60, 5)  # five minutes on: the time is rewritten
    latest = (await noted()).last_ok_at
    assert latest is not None and latest > again.last_ok_at


async def test_a_poll_whose_lease_was_lost_meanwhile_writes_nothing(
    fleet, sim, monkeypatch, caplog
):
    """Another replica took the account over mid-poll (this one stalled past its lease): the
    poll's memory, history and deliveries roll back with its lease update."""
    replica = fleet.replicas[0]
    real_poll_once = poller.poll_once

    async def stalled(*args, **kwargs):
        async with fleet.db.engine.begin() as conn:  # the other replica's claim
            await conn.execute(update(account_polls).values(claimed_by="replica-b"))
        return await real_poll_once(*args, **kwargs)

    assert await replica.poll_due(at(sim), sim.clock) == 0  # every account first due later
    monkeypatch.setattr("bot.worker.account_polling.poll_once", stalled)
    sim.clock.advance(60)
    assert await replica.poll_due(at(sim), sim.clock) == len(WORKSPACES)
    async with fleet.db.engine.connect() as conn:
        assert (await conn.execute(select(task_memory))).all() == []
        assert (await conn.execute(select(task_history))).all() == []
        held = (await conn.execute(select(account_polls.c.claimed_by))).all()
    assert {row[0] for row in held} == {"replica-b"}, "the other replica's claims stand"
    assert caplog.text.count("was lost meanwhile") == len(WORKSPACES)


async def test_a_poll_that_raises_ends_alone_and_is_due_again_next_interval(
    fleet, sim, monkeypatch, caplog
):
    """An unexpected error in one account's poll neither cancels the others in flight nor
    leaves its claim to wait out the lease: it ends as failed, due one interval on."""
    replica = fleet.replicas[0]
    real_poll_once = poller.poll_once
    broken = {"account": ""}

    async def failing_for_one(source, memory, *args, **kwargs):
        if memory.account == broken["account"]:
            raise RuntimeError("a bug")
        return await real_poll_once(source, memory, *args, **kwargs)

    assert await replica.poll_due(at(sim), sim.clock) == 0  # every account first due later
    async with fleet.db.engine.connect() as conn:
        broken["account"] = (await conn.execute(select(account_polls.c.account_key))).first()[0]
    monkeypatch.setattr("bot.worker.account_polling.poll_once", failing_for_one)
    sim.clock.advance(60)
    assert await replica.poll_due(at(sim), sim.clock) == len(WORKSPACES)
    async with fleet.db.engine.connect() as conn:
        rows = {row.account_key: row for row in await conn.execute(select(account_polls))}
        remembered = {row[0] for row in await conn.execute(select(task_memory.c.account))}
    assert remembered == set(rows) - {broken["account"]}, "the others were polled"
    failed = rows[broken["account"]]
    assert failed.claimed_by is None and "failed in the app" in failed.last_error
    assert failed.next_poll_at > at(sim).replace(tzinfo=failed.next_poll_at.tzinfo)
    assert caplog.text.count("RuntimeError: a bug") == 1, "the trace, once"
    assert "was lost meanwhile" not in caplog.text
    broken["account"] = ""
    sim.clock.advance(60)
    assert await replica.poll_due(at(sim), sim.clock) == len(WORKSPACES)
    async with fleet.db.engine.connect() as conn:
        remembered = {row[0] for row in await conn.execute(select(task_memory.c.account))}
    assert remembered == set(rows), "polled again one interval on"
