"""Multi-workspace mode's own accounts across replicas: another replica's write
to one account drops that account's cached list here, and no other's; a workspace's
account saved or deleted on one replica is read again by the others at once (a change
notice, on PostgreSQL), not after their recheck of the stored account."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet

from bot.config import load_settings
from bot.features.ivc_connection.connector import TypedAccount
from bot.ivc.accounts import Account, NotConnected, workspace_key
from bot.ivc.actions import TaskActions
from bot.ivc.credentials import Credentials
from bot.ivc.source import TaskSource
from bot.observability.metrics import Metrics
from bot.role import Role
from bot.simulator import tenant_secret_id, tenant_secret_key
from bot.slack.viewers import GroupMembers
from bot.slack.workspaces import SourceServices, SourceServicesMap
from bot.store.change_feed import ChangeFeed
from bot.store.database import Database
from bot.workspace_accounts import OwnAccounts, build_own_accounts, drop_changed, notice_key
from tests.support.polling import bound, wait_until_async
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim, backend_for

WORKSPACE = "T0CONNECT"
DEADLINE = 5  # scaled, still well within the 60 s after which a replica rechecks on its own


@dataclass
class Replica:
    own: OwnAccounts
    feed: ChangeFeed
    db: Database


def typed(tenant: int) -> TypedAccount:
    secret_id = tenant_secret_id(tenant)
    return TypedAccount("ivc", secret_id, tenant_secret_key(secret_id), "", "", "")


def _forward(holder: list[OwnAccounts]) -> Callable[[str | None, str | None], None]:
    """The feed is made before the accounts it feeds: hand notices on once they exist."""

    def forward(key: str | None, task_id: str | None) -> None:
        holder[0].changed(key, task_id)

    return forward


@pytest.fixture
async def replicas(
    simulator_factory: Callable[..., RunningSim], postgres_url: str
) -> AsyncIterator[list[Replica]]:
    sim = simulator_factory(tasks=2, accounts=2, account_tasks=3, clock=time.time)
    settings = load_settings(
        {
            "ivc_base_url": sim.base_url,
            "ivc_secret_id": SIM_SECRET_ID,
            "ivc_secret_key": SIM_SECRET_KEY,
            "token_encryption_key": Fernet.generate_key().decode(),
            "cache_ttl_seconds": 3600,
        }
    )
    group: list[Replica] = []
    for name in ("replica-a", "replica-b"):
        db = await Database.open(postgres_url)
        holder: list[OwnAccounts] = []
        feed = ChangeFeed.for_database(
            db,
            lambda _task_id: None,
            account="shared",
            count=lambda _event: None,
            others=_forward(holder),
        )
        own = build_own_accounts(
            settings,
            db,
            Metrics(),
            GroupMembers(60),
            worker_id=name,
            lease=timedelta(seconds=30),
            notices=feed.notices_for,
        )
        holder.append(own)
        feed.start()
        group.append(Replica(own, feed, db))
    try:
        await wait_until_async(lambda: all(r.feed.listening for r in group), "listening", 10)
        yield group
    finally:
        for replica in group:
            await replica.feed.aclose()
            await replica.own.aclose()
            await replica.db.aclose()


async def _eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    deadline = time.monotonic() + bound(DEADLINE)
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.01)


async def test_an_account_changed_on_one_replica_is_read_again_by_the_other(replicas):
    a, b = replicas
    assert (await a.own.connector.save(WORKSPACE, typed(1), "en")).ok
    first = {t.task_id for t in (await b.own.sources.list_tasks(WORKSPACE)).tasks}
    assert (await a.own.connector.save(WORKSPACE, typed(2), "en")).ok  # another account

    async def b_reads_the_new_account() -> bool:
        listed = {t.task_id for t in (await b.own.sources.list_tasks(WORKSPACE)).tasks}
        return bool(listed) and not listed & first

    await _eventually(b_reads_the_new_account, "B reads the newly connected account")
    await a.own.connector.disconnect(WORKSPACE)

    async def b_has_no_account() -> bool:
        try:
            await b.own.sources.list_tasks(WORKSPACE)
        except NotConnected:
            return True
        return False

    await _eventually(b_has_no_account, "B knows the workspace disconnected")


async def test_a_notice_drops_only_its_accounts_cached_list(simulator: RunningSim) -> None:
    settings = load_settings({"ivc_secret_id": "AKIDx", "ivc_secret_key": "sk-not-used"})
    services: SourceServicesMap = WeakKeyDictionary()
    sources = []
    for workspace in ("T0001", "T0002"):
        account = Account(workspace_key(workspace), "ivc", Credentials(f"AKID{workspace}", "sk-x"))
        backend = backend_for("ivc", simulator)
        source = TaskSource(backend, ttl=3600, max_stale=0, details_ttl=3600)
        await source.list()
        actions = TaskActions(backend, source, zone=ZoneInfo("Asia/Shanghai"))
        key = notice_key(settings, account)
        services[source] = SourceServices(backend, actions, None, False, notice_key=key)
        sources.append((key, source))
    (key_one, one), (key_two, two) = sources
    assert key_one != key_two and "AKIDT0001" not in key_one, "a hash, not the SecretId"
    assert drop_changed(services, key_one, None) == 1
    assert one.peek() is None and two.peek() is not None
    await one.list()
    assert drop_changed(services, None, None) == 2, "listening again drops every account's"
    for _, source in sources:
        await source.aclose()


async def test_a_worker_polls_more_at_once_and_keeps_only_the_sources_in_hand(
    database_url: str,
) -> None:
    """A worker answers nothing: its connections serve polls, and a cached list would only
    fill its memory; a process that answers keeps IVC_ACCOUNT_SOURCES_MAX sources."""
    settings = load_settings(
        {
            "ivc_secret_id": SIM_SECRET_ID,
            "ivc_secret_key": SIM_SECRET_KEY,
            "token_encryption_key": Fernet.generate_key().decode(),
            "ivc_account_sources_max": 200,
        }
    )
    db = await Database.open(database_url)
    try:
        built = {
            role: build_own_accounts(
                settings,
                db,
                Metrics(),
                GroupMembers(60),
                worker_id=str(role),
                lease=timedelta(seconds=30),
                role=role,
            )
            for role in (Role.SERVE, Role.WORKER)
        }
        serve, worker = built[Role.SERVE], built[Role.WORKER]
        assert worker.polling.in_flight > serve.polling.in_flight
        assert serve.sources.max_sources == 200
        assert worker.sources.max_sources == 2 * worker.polling.in_flight < 200
        for own in built.values():
            await own.aclose()
    finally:
        await db.aclose()
