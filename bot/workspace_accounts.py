"""Assemble multi-workspace mode's own IVC accounts: the stored accounts, one
task source per connected account (with its writes, cameras and recordings), Connect IVC,
each request's workspace resolution, the summaries' account reads and the polling of every
account, claimed across replicas."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from bot.config import DEFAULT_BASE_URLS, Settings
from bot.encryption_keys import parse_keys
from bot.features.ivc_connection.connector import AccountConnector, account_workspace
from bot.ivc.accounts import Account, AccountSources, account_backend, workspace_key
from bot.ivc.actions import TaskActions
from bot.ivc.catalog import account_catalog
from bot.ivc.change_notices import ChangeNotices, LocalOnly
from bot.ivc.shared_transport import SharedTransport
from bot.ivc.source import TaskSource, build_source
from bot.observability.ivc_calls import ObservedBackend
from bot.observability.metrics import Metrics
from bot.role import Role
from bot.slack.audit_trail import ClientOf
from bot.slack.viewers import GroupMembers
from bot.slack.workspaces import SourceServices, SourceServicesMap, Workspaces
from bot.store.account_lookup import stored_lookup
from bot.store.audit import AuditStore
from bot.store.change_notice import account_key
from bot.store.database import Database
from bot.store.poll_leases import PollLeases
from bot.store.poll_soon import PollSoon
from bot.store.stored_accounts import StoredAccounts
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_history import AccountHistory, TaskHistoryStore
from bot.store.task_memory import TaskMemoryStore
from bot.store.watches import WatchStore
from bot.store.workspace_settings import WorkspaceSettingsStore
from bot.worker.account_polling import IN_FLIGHT, WORKER_IN_FLIGHT, AccountPolling
from bot.worker.account_reads import AccountReads, AccountView

NoticesFor = Callable[[str], ChangeNotices]
"""The change notices a write to an account (by its notice key) publishes."""


def _local(_key: str) -> ChangeNotices:
    return LocalOnly()


@dataclass(frozen=True, slots=True)
class OwnAccounts:
    """What multi-workspace mode adds to a replica."""

    sources: AccountSources
    connector: AccountConnector
    workspaces: Workspaces
    polling: AccountPolling
    services: SourceServicesMap
    transport: SharedTransport

    async def aclose(self) -> None:
        """Close every account's client, then the connections they shared."""
        await self.sources.aclose()
        await self.transport.close_pool()

    def changed(self, notice_key: str | None, task_id: str | None) -> None:
        """Another replica wrote to an account (``notice_key``; None: maybe to any), or
        saved or deleted a workspace's stored account."""
        self.polling.wake()  # a write to an account brought its poll forward
        workspace = account_workspace(notice_key)
        if workspace is not None:
            self.sources.recheck(workspace)
            return
        drop_changed(self.services, notice_key, task_id)


def drop_changed(services: SourceServicesMap, key: str | None, task_id: str | None) -> int:
    """Drop the cached list (and ``task_id``'s details) of the source of the account
    ``key`` (every one when None); how many sources."""
    dropped = 0
    for source, held in list(services.items()):
        if key is None or held.notice_key == key:
            source.invalidate(task_id)
            dropped += 1
    return dropped


def notice_key(settings: Settings, account: Account) -> str:
    """The account's key in change notices (a hash of API, URL and SecretId)."""
    url = settings.ivc_base_url
    where = str(url).rstrip("/") if url is not None else DEFAULT_BASE_URLS[account.api]
    return account_key(account.api, where, account.credentials.secret_id)


def _sources(
    settings: Settings,
    stored_accounts: StoredAccounts,
    metrics: Metrics,
    notices: NoticesFor,
    transport: SharedTransport,
    soon: Callable[[ChangeNotices, str], ChangeNotices],
    max_sources: int,
) -> tuple[AccountSources, SourceServicesMap]:
    services: SourceServicesMap = WeakKeyDictionary()
    zone = ZoneInfo(settings.ivc_timezone)

    def make_source(account: Account) -> TaskSource:
        client = account_backend(settings, account, transport=transport)
        backend = ObservedBackend(client, metrics.ivc_call)
        source = build_source(settings, backend=backend)
        key = notice_key(settings, account)
        services[source] = SourceServices(
            backend=backend,
            actions=TaskActions(
                backend, source, zone=zone, notices=soon(notices(key), account.key)
            ),
            catalog=account_catalog(settings, backend, account.organization_id),
            describe=account.api == "cloudapi",
            notice_key=key,
        )
        return source

    sources = AccountSources(
        stored_lookup(stored_accounts, shared=None, shared_workspaces=frozenset()),
        make_source,
        max_sources=max_sources,
        max_tasks=settings.ivc_tasks_held_max,
        dropped=lambda source: _forget(services, source),
    )
    return sources, services


def _forget(services: SourceServicesMap, source: TaskSource) -> None:
    """Drop a closed source's services: they refer to it, so its weak key would never go."""
    services.pop(source, None)


def build_own_accounts(
    settings: Settings,
    db: Database,
    metrics: Metrics,
    groups: GroupMembers,
    *,
    worker_id: str,
    lease: timedelta,
    notices: NoticesFor | None = None,
    operator: ClientOf | None = None,
    role: Role = Role.SERVE,
) -> OwnAccounts:
    """Every workspace outside SHARED_IVC_TEAM_IDS reads the account it connected; its
    writes publish change notices through ``notices`` (the replica's change feed). The
    audit lines of the environment's account are posted by ``operator``'s token."""
    key = settings.token_encryption_key
    assert key is not None, "required in multi-workspace mode"
    stored_accounts = StoredAccounts(db, parse_keys(key.get_secret_value()))
    transport = SharedTransport()
    interval = timedelta(seconds=settings.poll_interval_seconds)
    leases = PollLeases(db, interval=interval)

    def soon(published: ChangeNotices, account: str) -> ChangeNotices:
        return PollSoon(published, leases, account, wake=lambda: polling.wake())

    # A worker answers nothing: it polls more accounts at once and keeps only the sources
    # of the polls in hand (an answer's cached list is no use to it).
    in_flight = IN_FLIGHT if role.answers else WORKER_IN_FLIGHT
    max_sources = settings.ivc_account_sources_max
    if not role.answers:
        max_sources = min(max_sources, 2 * in_flight)
    sources, services = _sources(
        settings, stored_accounts, metrics, notices or _local, transport, soon, max_sources
    )
    subs, watches, history = SubscriptionStore(db), WatchStore(db), TaskHistoryStore(db)
    shared = settings.shared_team_ids
    connector = AccountConnector(
        stored_accounts,
        sources,
        lambda account: account_backend(settings, account, transport=transport),
        subscriptions=subs,
        watches=watches,
        shared_workspaces=shared,
        notices=notices,
    )
    workspaces = Workspaces(
        settings,
        sources=sources,
        services=services,
        people=WorkspaceSettingsStore(db),
        audit=AuditStore(db),
        groups=groups,
        shared=True,
        memory_for=lambda account: TaskMemoryStore(db, account=account),
        history_for=lambda account: AccountHistory(history, account),
        operator=operator,
    )
    polling = AccountPolling(
        db=db,
        leases=leases,
        stored_accounts=stored_accounts,
        sources=sources,
        subs=subs,
        watches=watches,
        worker_id=worker_id,
        lease=lease,
        shared_workspaces=shared,
        counted=metrics.poll_done,
        in_flight=in_flight,
    )
    return OwnAccounts(sources, connector, workspaces, polling, services, transport)


def account_reads(
    own: OwnAccounts, db: Database, shared_source: TaskSource, shared_memory: TaskMemoryStore
) -> AccountReads:
    """A workspace's account for its summaries: the environment's for a shared workspace,
    else its own (held while the summary is made)."""
    shared = AccountView(shared_source, shared_memory, shared_memory.account)
    shared_workspaces = own.connector.shared_workspaces

    @contextlib.asynccontextmanager
    async def reads(workspace_id: str) -> AsyncIterator[AccountView]:
        if workspace_id in shared_workspaces:
            yield shared
            return
        key = workspace_key(workspace_id)
        async with own.sources.using(workspace_id) as source:
            yield AccountView(source, TaskMemoryStore(db, account=key), key)

    return reads
