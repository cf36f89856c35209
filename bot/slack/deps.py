"""What the listeners need from the rest of the app (handed to them through Bolt's context)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol

from bot.ivc.actions import TaskActions
from bot.ivc.backend import RecordDownloader, RecordPlayer
from bot.ivc.catalog import CameraCatalog
from bot.ivc.source import TaskSource
from bot.observability.metrics import Metrics
from bot.reports.history import HistorySource
from bot.services.subscriptions import SubscriptionService
from bot.services.watches import WatchService
from bot.slack.audit_trail import Auditor
from bot.slack.background import BackgroundTasks
from bot.slack.block_kit import BlockKitChoice
from bot.slack.ivc_connect import IvcConnector
from bot.slack.managers import ManagerRules
from bot.slack.response_urls import ResponseUrls
from bot.slack.tenancy import OwnWorkspace
from bot.slack.token_store import EncryptedInstallationStore
from bot.slack.viewers import ViewerRules
from bot.store.cards import CardStore
from bot.store.subscriptions import SubscriptionStore
from bot.store.workspace_settings import PeopleSettings, WorkspaceSettings
from bot.tasks.memory import MemorySource


class WorkspaceDirectory(Protocol):
    """What the listeners ask of multi-workspace mode's workspaces (``Workspaces``)."""

    def shares(self, team_id: str) -> bool: ...

    def operators(self) -> PeopleSettings: ...

    async def overrides(self, team_id: str) -> WorkspaceSettings: ...

    async def save_overrides(self, overrides: WorkspaceSettings, *, by: str) -> None: ...

    async def delete_people(self, team_id: str) -> bool: ...

    async def unconnected(self, base: Deps, team_id: str) -> Deps: ...

    def deps_for(self, base: Deps, team_id: str) -> AbstractAsyncContextManager[Deps]: ...


@dataclass(frozen=True, slots=True)
class Deps:
    """The task source, the stores, the access rules and the language of every label."""

    source: TaskSource
    lang: str = "en"
    background: BackgroundTasks = field(default_factory=BackgroundTasks)
    memory: MemorySource | None = None
    subscriptions: SubscriptionService | None = None
    default_timezone: str = "UTC"
    admins: frozenset[str] = frozenset()
    allowed_teams: frozenset[str] = frozenset()
    allow_external_users: bool = False  # ALLOW_EXTERNAL_USERS: Slack Connect people may use it
    own_workspace: OwnWorkspace = field(default_factory=OwnWorkspace)  # single-workspace mode
    metrics: Metrics | None = None
    installations: EncryptedInstallationStore | None = None  # multi-workspace mode
    viewers: ViewerRules = field(default_factory=ViewerRules)
    managers: ManagerRules = field(default_factory=ManagerRules)
    describe: bool = False  # the IVC API takes a task description (API 3.0)
    actions: TaskActions | None = None  # task writes (None: tests without IVC writes)
    catalog: CameraCatalog | None = None  # None when IVC_ORGANIZATION_ID is unset
    audit: Auditor | None = None
    block_kit: BlockKitChoice = field(default_factory=BlockKitChoice)  # classic unless told
    history: HistorySource | None = None  # the recorded task history (reports)
    watches: WatchService | None = None  # watch / unwatch / watching, the Watch button
    playback: RecordPlayer | None = None  # recording links; None: Play not offered
    downloads: RecordDownloader | None = None  # download links; None: Download not offered
    download_link_seconds: int = 600  # DOWNLOAD_LINK_SECONDS: how long a download link works
    response_urls: ResponseUrls = field(default_factory=ResponseUrls)  # where metadata may post
    cards: CardStore | None = None  # notification cards (a delete marks its card)
    connector: IvcConnector | None = None  # multi-workspace mode: Connect IVC in App Home
    workspaces: WorkspaceDirectory | None = None  # multi-workspace mode: each workspace's Deps
    connected: bool = True  # False: the workspace has no IVC account (only App Home answers)

    @property
    def store(self) -> SubscriptionStore | None:
        return None if self.subscriptions is None else self.subscriptions.store

    def may_change_subscriptions(self, user_id: str) -> bool:
        return not self.admins or user_id in self.admins
