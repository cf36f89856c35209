"""What one workspace's requests use: its people's rights, its IVC account (when it has one),
its language and zone, how its answers render and where they run."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ivc.actions import TaskActions
from bot.ivc.backend import RecordDownloader, RecordPlayer
from bot.ivc.catalog import CameraCatalog
from bot.ivc.source import TaskSource
from bot.reports.history import HistorySource
from bot.slack.audit_trail import Auditor
from bot.slack.background import BackgroundTasks
from bot.slack.block_kit import RenderingChoice
from bot.slack.managers import ManagerRules
from bot.slack.viewers import ViewerRules
from bot.tasks.memory import MemorySource
from bot.views.task_link import TaskLinks


@dataclass(frozen=True, slots=True)
class People:
    """Who may do what in one workspace, and where its audit lines go."""

    viewers: ViewerRules
    managers: ManagerRules
    audit: Auditor
    subscription_admins: frozenset[str] = frozenset()  # SUBSCRIPTION_ADMINS (empty: anyone)
    own_settings: bool = False  # multi-workspace mode: its admins set its people
    own_account: bool = False  # its admins connect an IVC account of its own

    def may_change_subscriptions(self, user_id: str) -> bool:
        return not self.subscription_admins or user_id in self.subscription_admins


@dataclass(frozen=True, slots=True)
class AccountServices:
    """One IVC account as a workspace's requests use it: its tasks, what it remembers of
    them, the writes, the cameras, the recordings."""

    source: TaskSource
    memory: MemorySource
    history: HistorySource
    actions: TaskActions
    playback: RecordPlayer
    downloads: RecordDownloader
    catalog: CameraCatalog | None = None  # None: IVC_ORGANIZATION_ID unset (cameras typed)
    describe: bool = False  # the IVC API takes a task description (API 3.0)


@dataclass(frozen=True, slots=True)
class Tenant:
    """The workspace a request is for: one per process in single-workspace mode, one per
    workspace in multi-workspace mode (``account`` None: it has not connected IVC yet)."""

    people: People
    account: AccountServices | None
    background: BackgroundTasks
    renderings: RenderingChoice
    lang: str = "en"  # BOT_LANGUAGE: what a channel sees (a person's own: ``Asked.lang``)
    zone: str = "UTC"  # BOT_TIMEZONE: where a person's own zone is unknown
    links: TaskLinks | None = None  # PUBLIC_URL's task links (None: unset)
