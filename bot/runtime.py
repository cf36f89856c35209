"""Assemble one process of the app in its role: task source, database, the worker (serve,
worker) and the Bolt app (serve, web); and take it down."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.features.card_menu.listeners import CardMenu
from bot.features.home.listeners import Home
from bot.features.home.publishing import MultiWorkspace
from bot.features.ivc_connection.listeners import ConnectIvc
from bot.features.playback.listeners import Playback
from bot.features.registry import AppFeatures
from bot.features.report.listeners import Report
from bot.features.retrievals.listeners import Retrievals
from bot.features.subscriptions.listeners import Subscriptions
from bot.features.tasks.listeners import Tasks
from bot.features.watches.listeners import Watches
from bot.features.work_objects.cards import CardEntities
from bot.features.work_objects.listeners import WorkObjects
from bot.features.work_objects.public_show import PublicShow
from bot.features.work_objects.support import WorkObjectSupport
from bot.ivc.actions import TaskActions
from bot.ivc.backend import IvcBackend
from bot.ivc.catalog import build_catalog
from bot.ivc.change_notices import AlsoHere
from bot.ivc.no_account import NoAccountBackend
from bot.ivc.source import TaskSource, build_backend, build_source
from bot.observability.cache_gauges import SourceCollector
from bot.observability.ivc_calls import ObservedBackend
from bot.observability.metrics import Metrics
from bot.role import Role
from bot.services.subscriptions import SubscriptionService
from bot.services.watches import WatchService
from bot.slack.access import AccessRules
from bot.slack.app import Edge, Features, build_app
from bot.slack.audit_trail import Auditor, posting_as
from bot.slack.background import BackgroundTasks
from bot.slack.block_kit import RenderingChoice
from bot.slack.managers import ManagerRules
from bot.slack.oauth import bot_token_for, build_oauth_flow, installation_store
from bot.slack.poster import Posters
from bot.slack.response_urls import ResponseUrls
from bot.slack.tenant import AccountServices, People, Tenant
from bot.slack.token_store import EncryptedInstallationStore
from bot.slack.viewers import GroupMembers, ViewerRules
from bot.slack.web_client import build_web_client
from bot.slack.workspaces import ProvideWorkspace
from bot.store.audit import AuditStore
from bot.store.block_kit import RenderingStore
from bot.store.cards import CardStore
from bot.store.change_feed import ChangeFeed
from bot.store.change_notice import account_key
from bot.store.database import Database
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_history import TaskHistoryStore
from bot.store.task_memory import TaskMemoryStore
from bot.store.unfurled_links import UnfurledLinkStore
from bot.store.watches import WatchStore
from bot.views.task_link import TaskLinks
from bot.worker.assembly import build_worker, lease_for, worker_id
from bot.worker.runner import Worker
from bot.workspace_accounts import OwnAccounts, account_reads, build_own_accounts

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything one process runs: the worker runs in the serve and worker roles, the Bolt
    app (``bolt``, ``features``) exists in the serve and web roles."""

    settings: Settings
    source: TaskSource
    db: Database
    worker: Worker
    tenant: Tenant  # the app's own (multi-workspace mode: each workspace's starts from it)
    features: AppFeatures | None
    bolt: AsyncApp | None
    role: Role = Role.SERVE
    own: OwnAccounts | None = None  # multi-workspace mode
    installations: EncryptedInstallationStore | None = None  # multi-workspace mode
    metrics: Metrics = field(default_factory=Metrics)
    deadline: float | None = None  # loop time by which shutdown must be done

    def begin_shutdown(self) -> None:
        """Stop taking work now (the worker claims nothing more); the shutdown clock starts."""
        if self.deadline is None:
            self.deadline = asyncio.get_running_loop().time() + self.grace_seconds
            self.worker.stop()

    @property
    def grace_seconds(self) -> float:
        return self.settings.shutdown_timeout_seconds

    def seconds_left(self) -> float:
        """Until the shutdown deadline (the whole grace period before it started)."""
        if self.deadline is None:
            return self.grace_seconds
        return max(0.0, self.deadline - asyncio.get_running_loop().time())


def _observed_source(settings: Settings, metrics: Metrics, backend: IvcBackend) -> TaskSource:
    """The task source on ``backend`` (whose calls the metrics count), its caches read at each
    scrape."""
    source = build_source(settings, backend=backend)
    metrics.read_at_scrape(SourceCollector(source))
    return source


def _workspaces(
    settings: Settings, db: Database, metrics: Metrics
) -> tuple[Posters, AsyncOAuthFlow | None, EncryptedInstallationStore | None]:
    """How the app reaches its workspaces: one bot token, or each install's (OAuth)."""
    worker_client = build_web_client(settings, retries=False, metrics=metrics)
    if not settings.multi_workspace:
        return Posters(worker_client), None, None
    store = installation_store(settings, db)
    flow = build_oauth_flow(settings, store, db, build_web_client(settings, metrics=metrics))

    async def token_for(workspace_id: str) -> str | None:
        return await bot_token_for(store, workspace_id)

    def client_for(token: str) -> AsyncWebClient:
        return build_web_client(settings, retries=False, token=token, metrics=metrics)

    return Posters(worker_client, token_for=token_for, client_for=client_for), flow, store


@contextlib.asynccontextmanager
async def running(settings: Settings, role: Role = Role.SERVE) -> AsyncIterator[Runtime]:
    """Open the database (migrating it), build the Bolt app (``role.answers``) and start the
    worker (``role.works``); on exit stop taking work, let in-flight answers and posts finish
    (until SHUTDOWN_TIMEOUT_SECONDS after ``begin_shutdown``), hand back unfinished deliveries
    and polls, and close connections."""
    db = await Database.open(settings.database_url)
    metrics = Metrics(db)
    # One client for reads, writes and cameras, every call counted by the metrics.
    backend: IvcBackend = (
        ObservedBackend(build_backend(settings), metrics.ivc_call)
        if settings.has_ivc_account
        else NoAccountBackend()  # multi-workspace mode: every workspace connects its own
    )
    source = _observed_source(settings, metrics, backend)
    # Other replicas' writes drop this one's cached list (PostgreSQL; SQLite: the TTL).
    account = account_key(settings.ivc_api, settings.ivc_url, settings.ivc_secret_id or "")
    own: OwnAccounts | None = None  # multi-workspace mode, set below

    def other_account(key: str | None, task_id: str | None) -> None:
        if own is not None:  # a workspace's own account written on another replica
            own.changed(key, task_id)

    worker: Worker | None = None  # set below

    def shared_changed(task_id: str | None) -> None:
        """Another process wrote to the environment's account: drop the cached list and
        poll it now."""
        source.invalidate(task_id)
        if worker is not None:
            worker.poll_soon()

    feed = ChangeFeed.for_database(
        db,
        shared_changed,
        account=account,
        count=metrics.change_notice,
        others=other_account if settings.multi_workspace else None,
        on_missed=source.invalidate,  # the next answer refetches; polls keep their times
    )
    metrics.watch_change_feed(lambda: feed.listening)
    posters, oauth_flow, installations = _workspaces(settings, db, metrics)
    renderings = RenderingChoice(settings.block_kit, RenderingStore(db), clock=source.clock)
    groups = GroupMembers(settings.access_cache_seconds)  # one resolver, one cache
    viewers = ViewerRules(
        settings.viewer_ids, settings.allow_guests, settings.access_cache_seconds, groups
    )
    name = worker_id()
    if settings.multi_workspace:  # each workspace's own IVC account
        lease = lease_for(settings.poll_interval_seconds)
        operator = settings.operator_team_id
        own = build_own_accounts(
            settings,
            db,
            metrics,
            groups,
            worker_id=name,
            lease=lease,
            notices=feed.notices_for,
            operator=None if operator is None else posting_as(posters, operator),
            role=role,
        )
        await own.workspaces.drop_shared_overrides()
    shared_memory = TaskMemoryStore(db)
    base = settings.public_base
    links = None if base is None else TaskLinks(base)  # task links (PUBLIC_URL)
    # one refusal memory for unfurls and cards: a refusal learned by either holds for both
    object_support = WorkObjectSupport(RenderingStore(db), clock=source.clock)
    cards_as_objects = (
        None
        if links is None
        else CardEntities(
            links=links,
            support=object_support,
            zone=settings.bot_timezone,
            viewers=viewers if own is None else own.workspaces,  # each workspace's VIEWERS
        )
    )
    worker = build_worker(
        name=name,
        memory=shared_memory,
        reads=None if own is None else account_reads(own, db, source, shared_memory),
        workspaces=settings.shared_team_ids if own is not None else None,
        accounts=None if own is None else own.polling,
        source=source,
        db=db,
        client=posters,
        poll_interval=settings.poll_interval_seconds,
        lang=settings.bot_language,
        personal_lang=settings.per_person_language,
        metrics=metrics,
        retention_days=settings.outbox_retention_days,
        history_days=settings.history_retention_days,
        audit_days=settings.audit_retention_days,
        renderings=renderings,
        reminder_hours=settings.watch_expiry_reminder_hours,
        viewers=viewers if own is None else own.workspaces,  # each workspace's VIEWERS
        counted=metrics.poll_done,
        links=links,
        work_objects=cards_as_objects,
        zone=settings.bot_timezone,
    )
    tenant = Tenant(
        people=People(
            viewers=viewers,
            managers=ManagerRules(settings.task_manager_ids, groups),
            audit=Auditor(AuditStore(db), settings.audit_channel),
            subscription_admins=settings.admin_user_ids,
        ),
        account=AccountServices(
            source=source,
            memory=worker.memory,
            history=TaskHistoryStore(db),
            actions=TaskActions(
                backend,
                source,
                zone=ZoneInfo(settings.ivc_timezone),
                notices=AlsoHere(feed.notices, worker.poll_soon),
            ),
            playback=backend,
            downloads=backend,
            catalog=build_catalog(settings, backend),
            describe=settings.ivc_api == "cloudapi",
        ),
        background=BackgroundTasks(),
        renderings=renderings,
        lang=settings.bot_language,
        zone=settings.bot_timezone,
        links=links,
    )
    features, bolt = (
        _answering(
            settings,
            db,
            tenant,
            metrics,
            own,
            installations,
            oauth_flow,
            object_support,
            cards_as_objects,
        )
        if role.answers
        else (None, None)
    )
    worker_task = asyncio.create_task(worker.run(), name="worker") if role.works else None
    feed.start()
    runtime = Runtime(
        settings,
        source,
        db,
        worker,
        tenant,
        features,
        bolt,
        role,
        metrics=metrics,
        own=own,
        installations=installations,
    )
    try:
        yield runtime
    finally:
        runtime.begin_shutdown()
        await _finish(runtime, worker_task)
        await feed.aclose()
        if own is not None:
            await own.aclose()
        await source.aclose()
        await metrics.aclose()
        await db.aclose()


def _answering(
    settings: Settings,
    db: Database,
    tenant: Tenant,
    metrics: Metrics,
    own: OwnAccounts | None,
    installations: EncryptedInstallationStore | None,
    oauth_flow: AsyncOAuthFlow | None,
    object_support: WorkObjectSupport,
    entities: CardEntities | None,
) -> tuple[AppFeatures, AsyncApp]:
    """The features this process answers with and the Bolt app behind its edge (``entities``:
    the task entities of cards and public ``show`` answers; None without PUBLIC_URL)."""
    assert tenant.account is not None, "the app's own tenant always has the services"
    clock = tenant.account.source.clock
    subscriptions = SubscriptionService(
        SubscriptionStore(db), max_per_channel=settings.max_subscriptions_per_channel
    )
    watches = WatchService(
        WatchStore(db),
        max_per_user=settings.max_watches_per_user,
        reminder_hours=settings.watch_expiry_reminder_hours,
    )
    cards = CardStore(db)
    response_urls = ResponseUrls.for_api(str(settings.slack_api_url))
    playback = Playback(
        response_urls=response_urls, download_link_seconds=settings.download_link_seconds
    )
    watching = Watches(watches=watches)
    retrievals = Retrievals(cards=cards, response_urls=response_urls, watches=watches)
    multi = (
        None
        if own is None or installations is None
        else MultiWorkspace(
            workspaces=own.workspaces, connector=own.connector, installations=installations
        )
    )
    home = Home(subscriptions=subscriptions.store, watches=watches, multi=multi)
    if tenant.links is None:
        log.info("task links, their unfurls and flexpanes are off: PUBLIC_URL is not set")
    work_objects = WorkObjects(
        links=tenant.links,
        support=object_support,
        tracked=UnfurledLinkStore(db),
        clock=clock,
    )
    features = AppFeatures(
        tasks=Tasks(shared=None if entities is None else PublicShow(entities)),
        report=Report(),
        subscriptions=Subscriptions(subscriptions=subscriptions),
        retrievals=retrievals,
        watches=watching,
        playback=playback,
        home=home,
        card_menu=CardMenu(watches=watches, download_link_seconds=settings.download_link_seconds),
        ivc_connection=(
            None
            if multi is None
            else ConnectIvc(connector=multi.connector, republish=home.republish)
        ),
        work_objects=work_objects,
    )
    edge = Edge(
        tenant=tenant,
        rules=AccessRules(
            allowed_workspaces=settings.allowed_team_ids,
            allow_external_users=settings.allow_external_users,
            multi_workspace=own is not None,
        ),
        clock=clock,
        metrics=metrics,
        workspace=(
            None
            if own is None
            else ProvideWorkspace(own.workspaces, cards, settings.allowed_team_ids)
        ),
    )
    refused_home = home.publish_refused_home
    bolt = build_app(
        settings,
        edge,
        build_web_client(settings, metrics=metrics),
        Features(features.register, refused_home),
        oauth_flow,
    )
    return features, bolt


async def _finish(runtime: Runtime, worker_task: asyncio.Task[None] | None) -> None:
    """Let in-flight answers and the delivery in hand finish until the deadline; cancel what
    is left; return this process's claimed deliveries and polls (if it worked)."""
    background = runtime.tenant.background
    draining = asyncio.create_task(background.drain(runtime.seconds_left()))
    waiting = {draining} if worker_task is None else {draining, worker_task}
    _, pending = await asyncio.wait(waiting, timeout=runtime.seconds_left())
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    unfinished = len(background)
    await background.drain(0)  # cancels whatever is still running
    if worker_task in pending:
        log.warning("shutdown timeout reached with a delivery in hand; handing it back")
    if worker_task is not None:
        await _hand_back(runtime)
    log.info("stopped", extra={"unfinished_answers": unfinished})


async def _hand_back(runtime: Runtime) -> None:
    """Return the worker's claimed deliveries to the outbox and its claimed polls to the
    other workers."""
    try:
        released = await runtime.worker.deliverer.release()
    except Exception as error:
        log.error(
            "could not hand back claimed deliveries (%s); their lease will expire",
            type(error).__name__,
        )
    else:
        if released:
            log.info("handed back %d claimed deliveries", released)
    accounts = runtime.worker.accounts
    if accounts is not None:
        try:
            polls = await accounts.release()
        except Exception as error:
            log.error("could not hand back claimed polls (%s)", type(error).__name__)
        else:
            if polls:
                log.info("handed back %d claimed account polls", polls)
