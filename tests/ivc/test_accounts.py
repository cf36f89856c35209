"""One task source per IVC account, over real HTTP to the multi-account
simulator: each workspace sees its own account's tasks only, sources are cached per account
and evicted (LRU, caps on sources and on tasks held), a wrong key is the typed auth error."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from bot.config import IvcApi, Settings, load_settings
from bot.encryption_keys import parse_keys
from bot.ivc import Credentials, IvcAuthError, IvcTransportError, TaskSource
from bot.ivc.accounts import (
    Account,
    AccountSources,
    NotConnected,
    SourceFactory,
    source_factory,
    workspace_key,
)
from bot.ivc.shared_transport import SharedTransport
from bot.simulator import tenant_secret_id, tenant_secret_key
from bot.store.account_lookup import shared_account, stored_lookup
from bot.store.database import Database
from bot.store.stored_accounts import StoredAccounts
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim

TASKS = 7
KEY = "p0bi1Mw5sA2mI1Zk7dFv4e0yK3rQ9cXnU6tL8hJ2gVs="


def tenant(n: int, api: IvcApi = "ivc", *, key: str | None = None) -> Account:
    secret_id = tenant_secret_id(n)
    return Account(
        workspace_key(f"T{n:04d}"), api, Credentials(secret_id, key or tenant_secret_key(secret_id))
    )


def settings_for(running: RunningSim, **extra: object) -> Settings:
    return load_settings(
        {
            "ivc_base_url": running.base_url,
            "ivc_secret_id": SIM_SECRET_ID,
            "ivc_secret_key": SIM_SECRET_KEY,
            "ivc_timeout_seconds": 2,
            "cache_ttl_seconds": 30,
            **extra,
        }
    )


class Accounts:
    """A dict lookup (workspace id -> account) that tests change at will."""

    def __init__(self, accounts: dict[str, Account]) -> None:
        self.accounts = accounts
        self.lookups = 0

    async def __call__(self, workspace_id: str) -> Account | None:
        self.lookups += 1
        return self.accounts.get(workspace_id)


class Closing:
    """A source factory that remembers which sources it made and which were closed."""

    def __init__(self, make: SourceFactory) -> None:
        self.make = make
        self.made: dict[str, TaskSource] = {}
        self.closed: list[str] = []

    def __call__(self, account: Account) -> TaskSource:
        source = self.make(account)
        original = source.aclose

        async def aclose() -> None:
            self.closed.append(account.key)
            await original()

        source.aclose = aclose  # type: ignore[method-assign]
        self.made[account.key] = source
        return source


@pytest.fixture
def tenants(simulator_factory: Callable[..., RunningSim]) -> RunningSim:
    return simulator_factory(tasks=3, accounts=4, account_tasks=TASKS)


def registry(
    running: RunningSim, lookup: Callable[..., object], **kw: object
) -> tuple[AccountSources, Closing]:
    factory = Closing(source_factory(settings_for(running), clock=running.clock))
    kw.setdefault("max_sources", 10)
    kw.setdefault("max_tasks", 1000)
    sources = AccountSources(lookup, factory, clock=running.clock, **kw)  # type: ignore[arg-type]
    return sources, factory


async def test_each_workspace_reads_only_its_own_account(tenants: RunningSim) -> None:
    lookup = Accounts({"T0001": tenant(1, "ivc"), "T0002": tenant(2, "cloudapi")})
    sources, _ = registry(tenants, lookup)
    try:
        first = await sources.list_tasks("T0001")
        second = await sources.list_tasks("T0002")
        with pytest.raises(NotConnected):
            await sources.list_tasks("T0003")
    finally:
        await sources.aclose()
    sim = tenants.sim
    assert {t.task_id for t in first.tasks} == set(sim.account_for(tenant_secret_id(1)).task_ids())
    assert {t.task_id for t in second.tasks} == set(sim.account_for(tenant_secret_id(2)).task_ids())
    assert not {t.task_id for t in first.tasks} & {t.task_id for t in second.tasks}
    assert len(first.tasks) == len(second.tasks) == TASKS


async def test_each_account_has_its_own_cache(tenants: RunningSim) -> None:
    lookup = Accounts({"T0001": tenant(1), "T0002": tenant(2)})
    sources, _ = registry(tenants, lookup)
    try:
        for _ in range(3):
            await sources.list_tasks("T0001")
        await sources.list_tasks("T0002")
        tenants.clock.advance(31)  # past CACHE_TTL_SECONDS
        await sources.list_tasks("T0002")
    finally:
        await sources.aclose()
    calls = tenants.sim.accounts.stats()["calls"]
    assert calls == {tenant_secret_id(1): 1, tenant_secret_id(2): 2}
    assert lookup.lookups == 2, "resolutions are remembered for recheck_seconds"


async def test_workspaces_sharing_the_environment_account_share_one_source(
    tenants: RunningSim,
) -> None:
    shared = shared_account(settings_for(tenants))
    lookup = Accounts({"T0001": shared, "T0002": shared})
    sources, factory = registry(tenants, lookup)
    try:
        one = await sources.list_tasks("T0001")
        other = await sources.list_tasks("T0002")
    finally:
        await sources.aclose()
    assert one is other and list(factory.made) == ["shared"]
    assert {t.task_id for t in one.tasks} == set(tenants.sim.task_ids())


async def test_a_wrong_key_is_the_typed_auth_error(tenants: RunningSim) -> None:
    lookup = Accounts({"T0001": tenant(1, "cloudapi", key=tenant_secret_key(tenant_secret_id(2)))})
    sources, _ = registry(tenants, lookup)
    try:
        with pytest.raises(IvcAuthError):
            await sources.list_tasks("T0001")
    finally:
        await sources.aclose()


async def test_least_recently_used_source_is_evicted_and_closed(tenants: RunningSim) -> None:
    lookup = Accounts({f"T{n:04d}": tenant(n) for n in range(1, 5)})
    sources, factory = registry(tenants, lookup, max_sources=2)
    try:
        await sources.list_tasks("T0001")
        await sources.list_tasks("T0002")
        await sources.list_tasks("T0001")  # T0002 is now the least recently used
        await sources.list_tasks("T0003")
        assert sources.account_keys() == [workspace_key("T0001"), workspace_key("T0003")]
        assert factory.closed == [workspace_key("T0002")] and sources.evictions == 1
        await sources.list_tasks("T0002")  # comes back with a new client
        assert sources.account_keys() == [workspace_key("T0003"), workspace_key("T0002")]
    finally:
        await sources.aclose()


async def test_what_was_kept_beside_an_evicted_source_is_dropped_with_it(
    tenants: RunningSim,
) -> None:
    """Whatever holds an evicted source (its services refer to it) is told, so nothing keeps
    it, nor its cached list, alive: memory stays bounded however many accounts are polled."""
    lookup = Accounts({f"T{n:04d}": tenant(n) for n in range(1, 5)})
    kept: dict[int, TaskSource] = {}
    sources, _ = registry(tenants, lookup, max_sources=1, dropped=lambda s: kept.pop(id(s)))
    try:
        for workspace in ("T0001", "T0002", "T0003"):
            async with sources.using(workspace) as source:
                kept[id(source)] = source
        assert len(kept) == 1, "only the live source is still kept"
    finally:
        await sources.aclose()
    assert kept == {}


async def test_tasks_held_in_total_are_capped(tenants: RunningSim) -> None:
    lookup = Accounts({f"T{n:04d}": tenant(n) for n in range(1, 5)})
    sources, factory = registry(tenants, lookup, max_tasks=2 * TASKS)
    try:
        for workspace in ("T0001", "T0002", "T0003"):
            await sources.list_tasks(workspace)
            assert sources.tasks_held <= 2 * TASKS
        assert sources.account_keys() == [workspace_key("T0002"), workspace_key("T0003")]
        assert factory.closed == [workspace_key("T0001")]
    finally:
        await sources.aclose()


async def test_a_source_in_use_is_not_evicted(tenants: RunningSim) -> None:
    lookup = Accounts({f"T{n:04d}": tenant(n) for n in range(1, 5)})
    sources, factory = registry(tenants, lookup, max_sources=1)
    try:
        async with sources.using("T0001") as held:
            await held.list()
            await sources.list_tasks("T0002")
            assert workspace_key("T0001") in sources.account_keys()
            assert (await held.list()).tasks, "still usable"
        assert sources.account_keys() == [workspace_key("T0002")], "evicted once released"
        assert factory.closed == [workspace_key("T0001")]
    finally:
        await sources.aclose()


async def test_a_changed_key_gets_a_new_client(tenants: RunningSim) -> None:
    lookup = Accounts({"T0001": tenant(1, key="wrong")})
    sources, factory = registry(tenants, lookup)
    try:
        with pytest.raises(IvcAuthError):
            await sources.list_tasks("T0001")
        lookup.accounts["T0001"] = tenant(1)
        await sources.forget("T0001")
        assert len((await sources.list_tasks("T0001")).tasks) == TASKS
        assert factory.closed == [workspace_key("T0001")]
        del lookup.accounts["T0001"]
        tenants.clock.advance(61)  # past recheck_seconds: another replica's disconnect shows
        with pytest.raises(NotConnected):
            await sources.list_tasks("T0001")
    finally:
        await sources.aclose()


async def test_stored_accounts_resolve_to_their_sources(
    tenants: RunningSim, database_url: str
) -> None:
    db = await Database.open(database_url)
    stored_accounts = StoredAccounts(db, parse_keys(KEY), clock=tenants.clock)
    secret_id = tenant_secret_id(3)
    await stored_accounts.save(
        "T0003",
        api="cloudapi",
        credentials=Credentials(secret_id, tenant_secret_key(secret_id)),
        region="ap-guangzhou",
    )
    shared = shared_account(settings_for(tenants))
    lookup = stored_lookup(
        stored_accounts, shared=shared, shared_workspaces=frozenset({"T0SHARED"})
    )
    sources, _ = registry(tenants, lookup)
    try:
        own = await sources.list_tasks("T0003")
        env = await sources.list_tasks("T0SHARED")
        with pytest.raises(NotConnected):
            await sources.list_tasks("T0NONE")
    finally:
        await sources.aclose()
        await db.aclose()
    assert {t.task_id for t in own.tasks} == set(tenants.sim.account_for(secret_id).task_ids())
    assert {t.task_id for t in env.tasks} == set(tenants.sim.task_ids())


def test_account_repr_hides_the_key() -> None:
    account = Account("team:T1", "ivc", Credentials("AKIDabcdWXYZ", "sk-DISTINCTIVE", "tok-X"))
    assert "DISTINCTIVE" not in repr(account) and "tok-X" not in repr(account)
    assert "WXYZ" in repr(account) and "AKIDabcd" not in repr(account)


class CountingTransport(httpx.AsyncHTTPTransport):
    """The real transport, counting the requests it carries."""

    def __init__(self) -> None:
        super().__init__()
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return await super().handle_async_request(request)


async def test_every_account_shares_one_connection_pool_that_outlives_evictions(
    tenants: RunningSim,
) -> None:
    pool = CountingTransport()
    shared = SharedTransport(pool)
    lookup = Accounts({f"T{n:04d}": tenant(n) for n in range(1, 4)})
    make = source_factory(settings_for(tenants), clock=tenants.clock, transport=shared)
    sources = AccountSources(lookup, make, max_sources=1, max_tasks=1000, clock=tenants.clock)
    try:
        for workspace in ("T0001", "T0002", "T0003"):  # each evicts the one before, closing it
            await sources.list_tasks(workspace)
        assert sources.evictions == 2 and not shared.closed
    finally:
        await sources.aclose()
    calls = tenants.sim.accounts.stats()["calls"]
    assert calls == {tenant_secret_id(n): 1 for n in range(1, 4)}, "each signs with its own key"
    assert pool.requests == 3
    await shared.close_pool()
    again = make(tenant(1))
    with pytest.raises(IvcTransportError):
        await again.list()
