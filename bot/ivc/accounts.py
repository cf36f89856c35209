"""One task source per IVC account, made on demand and evicted when idle.

A workspace resolves to its ``Account``, whose ``TaskSource`` has its own cache and client;
sources are bounded by ``AccountSources``, and one in use (``using``) is never evicted.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx
from cachetools import TTLCache

from bot.clock import Clock
from bot.config import DEFAULT_BASE_URLS, IvcApi, Settings
from bot.ivc.backend import IvcBackend
from bot.ivc.call_rate import CallRate, PacedBackend
from bot.ivc.credentials import Credentials
from bot.ivc.snapshot import TaskSnapshot
from bot.ivc.source import TaskSource, backend_of, build_source

log = logging.getLogger(__name__)

SHARED_KEY = "shared"
"""The account key of the environment's account (IVC_SECRET_ID), used by shared workspaces."""


@dataclass(frozen=True, slots=True)
class Account:
    """What one account's source is built from. ``repr`` never shows the key or token."""

    key: str  # what identifies the account: SHARED_KEY, or "team:<workspace id>"
    api: IvcApi
    credentials: Credentials
    region: str | None = None
    organization_id: str | None = None  # whose cameras a new task may use

    def __repr__(self) -> str:
        return (
            f"Account(key={self.key!r}, api={self.api!r}, "
            f"secret_id=…{self.credentials.secret_id[-4:]!r})"
        )


def workspace_key(workspace_id: str) -> str:
    """The account key of a workspace's own account."""
    return f"team:{workspace_id}"


class NotConnected(Exception):
    """The workspace has no IVC account: an admin must connect one."""

    def __init__(self, workspace_id: str) -> None:
        super().__init__(f"workspace {workspace_id} has no IVC connection")
        self.workspace_id = workspace_id


Lookup = Callable[[str], Awaitable[Account | None]]
"""A workspace's account, or None when it has none."""
SourceFactory = Callable[[Account], TaskSource]


def account_backend(
    settings: Settings,
    account: Account,
    *,
    clock: Clock = time.time,
    transport: httpx.AsyncBaseTransport | None = None,
) -> IvcBackend:
    """The account's own client (at IVC_BASE_URL when set, else its API's default endpoint),
    paced to IVC_MAX_CALLS_PER_SECOND; ``transport``: the replica's ``SharedTransport``."""
    url = settings.ivc_base_url
    client = backend_of(
        account.api,
        str(url).rstrip("/") if url is not None else DEFAULT_BASE_URLS[account.api],
        account.credentials,
        region=account.region,
        timeout=settings.ivc_timeout_seconds,
        transport=transport,
        clock=clock,
    )
    return PacedBackend(client, CallRate(settings.ivc_max_calls_per_second))


def source_factory(
    settings: Settings,
    *,
    clock: Clock = time.time,
    wrap: Callable[[IvcBackend], IvcBackend] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> SourceFactory:
    """Sources with the cache settings of ``settings``, each on its account's own client
    (``account_backend``, on ``transport`` when given); ``wrap`` (e.g. the metrics'
    ``ObservedBackend``) goes around each client."""

    def make(account: Account) -> TaskSource:
        backend = account_backend(settings, account, clock=clock, transport=transport)
        if wrap is not None:
            backend = wrap(backend)
        return build_source(settings, backend=backend, clock=clock)

    return make


def _nothing(source: TaskSource) -> None:
    """Keeps nothing beside a source."""


@dataclass(slots=True)
class _Entry:
    account: Account
    source: TaskSource
    users: int = 0


class AccountSources:
    """The task sources of the accounts in use, in least-recently-used order within
    ``max_sources`` sources and ``max_tasks`` tasks held in total: the least recently used idle
    source goes first and its client is closed. A source in use (``using``) is never evicted;
    a cap may be exceeded while every other source is in use, and holds again once one is
    released. Resolutions are remembered ``recheck_seconds``; a changed key replaces the source."""

    def __init__(
        self,
        lookup: Lookup,
        make_source: SourceFactory,
        *,
        max_sources: int,
        max_tasks: int,
        recheck_seconds: float = 60.0,
        clock: Clock = time.time,
        dropped: Callable[[TaskSource], None] = _nothing,
    ) -> None:
        if max_sources < 1 or max_tasks < 0:
            raise ValueError("max_sources must be >= 1 and max_tasks >= 0")
        self._lookup = lookup
        self._make = make_source
        self.max_sources = max_sources
        self.max_tasks = max_tasks
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._resolved: TTLCache[str, Account | None] = TTLCache(
            maxsize=max(1024, 4 * max_sources), ttl=recheck_seconds, timer=clock
        )
        self.evictions = 0
        self._dropped = dropped  # told of each source closed (what was kept beside it goes)

    def __repr__(self) -> str:
        return f"AccountSources(sources={len(self)}, tasks_held={self.tasks_held})"

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def tasks_held(self) -> int:
        """Tasks held by every source together."""
        return sum(entry.source.tasks_held for entry in self._entries.values())

    def account_keys(self) -> list[str]:
        """Account keys with a source, least recently used first."""
        return list(self._entries)

    @contextlib.asynccontextmanager
    async def using(self, workspace_id: str) -> AsyncIterator[TaskSource]:
        """The workspace's task source, kept (not evicted) until the block ends; raises
        ``NotConnected``."""
        entry = await self._claim(workspace_id)
        try:
            yield entry.source
        finally:
            entry.users -= 1
            await self._enforce()

    def retain(self, source: TaskSource) -> contextlib.AbstractAsyncContextManager[None]:
        """Keep ``source`` (held by the caller's ``using``) until the returned block ends:
        taken now, so background work spawned inside ``using`` finds it still open."""
        entry = next((e for e in self._entries.values() if e.source is source), None)
        if entry is None:
            return contextlib.nullcontext()
        entry.users += 1
        return self._release(entry)

    @contextlib.asynccontextmanager
    async def _release(self, entry: _Entry) -> AsyncIterator[None]:
        try:
            yield
        finally:
            entry.users -= 1
            await self._enforce()

    async def list_tasks(self, workspace_id: str, *, refresh: bool = False) -> TaskSnapshot:
        """The workspace's task list (cached per account); raises ``NotConnected`` or the
        ``IvcError`` of its account."""
        async with self.using(workspace_id) as source:
            return await source.list(refresh=refresh)

    async def forget(self, workspace_id: str) -> None:
        """After the workspace's account was saved or deleted here: resolve it again, and
        close its own account's source once idle."""
        self._resolved.pop(workspace_id, None)
        entry = self._entries.get(workspace_key(workspace_id))
        if entry is not None and entry.users == 0:
            del self._entries[workspace_key(workspace_id)]
            await self._close(entry)

    def recheck(self, workspace_id: str) -> None:
        """The workspace's account changed on another replica: resolve it again on its
        next use (a changed key then gets a new client; a deleted one, ``NotConnected``)."""
        self._resolved.pop(workspace_id, None)

    async def aclose(self) -> None:
        """Close every source's client."""
        entries = list(self._entries.values())
        self._entries.clear()
        for entry in entries:
            await self._close(entry)

    async def _close(self, entry: _Entry) -> None:
        self._dropped(entry.source)
        await entry.source.aclose()

    async def _resolve(self, workspace_id: str) -> Account | None:
        if workspace_id in self._resolved:
            return self._resolved[workspace_id]
        account = await self._lookup(workspace_id)
        self._resolved[workspace_id] = account
        return account

    async def _claim(self, workspace_id: str) -> _Entry:
        """The entry of the workspace's account, made if need be, counted as in use."""
        account = await self._resolve(workspace_id)
        if account is None:
            raise NotConnected(workspace_id)
        entry, replaced = self._entries.get(account.key), None
        if entry is not None and entry.account != account and entry.users == 0:
            replaced, entry = entry, None  # the key changed: a new client
        if entry is None:
            entry = self._entries[account.key] = _Entry(account, self._make(account))
        self._entries.move_to_end(account.key)
        entry.users += 1
        if replaced is not None:
            await self._close(replaced)
        await self._enforce()
        return entry

    async def _enforce(self) -> None:
        """Evict idle sources, least recently used first, until both caps hold."""
        victims = self._victims()
        self.evictions += len(victims)
        for entry in victims:
            log.debug("evicted the task source of %s", entry.account.key)
            await self._close(entry)

    def _victims(self) -> list[_Entry]:
        """Take idle entries out, oldest first, until the caps hold (the newest stays)."""
        newest = next(reversed(self._entries), None)
        held = self.tasks_held
        victims = []
        for key in list(self._entries):
            if len(self._entries) <= self.max_sources and held <= self.max_tasks:
                break
            entry = self._entries[key]
            if entry.users == 0 and key != newest:
                del self._entries[key]
                held -= entry.source.tasks_held
                victims.append(entry)
        return victims
