"""Multi-workspace install mode: each request's ``Tenant`` for its workspace.

The tenant is the workspace the signed request's installation is for, never the person's own
workspace; it reads its own IVC account, or the environment's when in SHARED_IVC_TEAM_IDS.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from cachetools import TTLCache
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.ivc.accounts import AccountSources, NotConnected, workspace_key
from bot.ivc.actions import TaskActions
from bot.ivc.backend import IvcBackend
from bot.ivc.catalog import CameraCatalog
from bot.ivc.source import TaskSource
from bot.reports.history import HistorySource
from bot.slack.admin_paths import HOME_REFRESH, sets_up_workspace
from bot.slack.asked import ASKED, Asked
from bot.slack.audit_trail import Auditor, ClientOf
from bot.slack.context import Next
from bot.slack.entity_refusal import refuse_details
from bot.slack.errors import build_and_log_error
from bot.slack.managers import ManagerRules
from bot.slack.refusal_answer import TENANT_WORKSPACE, refusal_response
from bot.slack.tenancy import clicked_message, installed_workspace
from bot.slack.tenant import AccountServices, People, Tenant
from bot.slack.viewers import AccessRefusal, GroupMembers, ViewerRules
from bot.store.audit import AuditStore
from bot.store.cards import CardStore
from bot.store.stored_accounts import AccountUnreadable
from bot.store.workspace_settings import (
    PeopleSettings,
    WorkspaceSettings,
    WorkspaceSettingsStore,
)
from bot.tasks.memory import MemorySource
from bot.views.notices import render_user_not_allowed

log = logging.getLogger(__name__)

PEOPLE_CACHE_SECONDS = 30.0
UNCONNECTED_EVENTS = frozenset({"app_home_opened", "app_uninstalled", "tokens_revoked"})


@dataclass(frozen=True, slots=True)
class SourceServices:
    """What one account's requests use beside its task source."""

    backend: IvcBackend
    actions: TaskActions
    catalog: CameraCatalog | None
    describe: bool
    notice_key: str = ""  # the account in change notices between replicas


SourceServicesMap = WeakKeyDictionary[TaskSource, SourceServices]
"""Each live task source's services, dropped by ``AccountSources`` when it closes the source
(its services refer to it, so the weak key alone would keep it for ever)."""


class Workspaces:
    """Resolves a workspace to its ``Tenant``. A workspace in SHARED_IVC_TEAM_IDS reads the
    environment's account with the operator's people settings, which its admins cannot change
    (its audit lines go to the operator's AUDIT_CHANNEL); any other, its own account
    (``AccountSources``) with its own overrides. One without an account gets the line saying
    an admin must connect IVC, except on the paths that connect one (``_sets_up_ivc``)."""

    def __init__(
        self,
        settings: Settings,
        *,
        sources: AccountSources,
        services: SourceServicesMap,
        people: WorkspaceSettingsStore,
        audit: AuditStore,
        groups: GroupMembers,
        shared: bool,
        memory_for: Callable[[str], MemorySource],
        history_for: Callable[[str], HistorySource],
        operator: ClientOf | None = None,
    ) -> None:
        self._operator = operator  # posts the shared account's audit lines (None: the request)
        self._memory_for = memory_for  # an account key's task memory
        self._history_for = history_for  # an account key's task history
        self._settings = settings
        self.sources = sources
        self._services = services
        self._people_store = people
        self._audit = audit
        self._groups = groups
        self._shared_workspaces = settings.shared_team_ids if shared else frozenset()
        self._people: TTLCache[str, People] = TTLCache(4096, PEOPLE_CACHE_SECONDS)

    def __repr__(self) -> str:
        return f"Workspaces(sources={self.sources!r})"

    def shares(self, workspace_id: str) -> bool:
        """True when the workspace reads the environment's account."""
        return workspace_id in self._shared_workspaces

    def forget_people(self, workspace_id: str) -> None:
        self._people.pop(workspace_id, None)

    async def delete_people(self, workspace_id: str) -> bool:
        """Delete the workspace's stored people settings (an uninstall); False if none."""
        self.forget_people(workspace_id)
        return await self._people_store.delete(workspace_id)

    async def refusal(
        self, client: AsyncWebClient, workspace: str, user: str
    ) -> AccessRefusal | None:
        """The workspace's own VIEWERS (a ``ViewerCheck`` for the worker's direct messages)."""
        return await (await self._people_of(workspace)).viewers.refusal(client, workspace, user)

    async def locale(self, client: AsyncWebClient, workspace: str, user: str) -> str:
        """The person's Slack locale, cached with the workspace's VIEWERS lookups."""
        return await (await self._people_of(workspace)).viewers.locale(client, workspace, user)

    async def restricted(self, workspace: str) -> bool:
        """The workspace has VIEWERS of its own."""
        return bool((await self._people_of(workspace)).viewers.viewers)

    def operators(self) -> PeopleSettings:
        """The environment's people settings: those of every shared workspace."""
        return WorkspaceSettings("").over(self._settings)

    async def overrides(self, workspace_id: str) -> WorkspaceSettings:
        """The workspace's own people settings (None fields: the environment's)."""
        return await self._people_store.load(workspace_id)

    async def save_overrides(self, overrides: WorkspaceSettings, *, by: str) -> None:
        """Replace the workspace's people settings; the next request uses them. Raises
        ``PermissionError`` for a shared workspace: the account is the operator's."""
        if self.shares(overrides.workspace_id):
            raise PermissionError(f"{overrides.workspace_id} reads the operator's IVC account")
        await self._people_store.save(overrides, updated_by=by)
        self.forget_people(overrides.workspace_id)

    async def drop_shared_overrides(self) -> None:
        """Delete the people settings stored for shared workspaces (saved before they were
        refused, or before the workspace was shared); one log line when any were."""
        dropped = await self._people_store.delete_workspaces(self._shared_workspaces)
        if dropped:
            log.warning(
                "dropped the people settings of %d shared workspaces (%s): the operator's apply",
                len(dropped),
                ",".join(dropped),
            )

    async def _people_of(self, workspace_id: str) -> People:
        cached = self._people.get(workspace_id)
        if cached is not None:
            return cached
        settings = self._settings
        poster = None
        if self.shares(workspace_id):
            people, poster = self.operators(), self._operator
        else:
            people = (await self._people_store.load(workspace_id)).over(settings)
        shared = self.shares(workspace_id)
        made = People(
            subscription_admins=people.admin_user_ids,
            own_settings=True,
            own_account=not shared,
            viewers=ViewerRules(
                people.viewer_ids,
                settings.allow_guests,
                settings.access_cache_seconds,
                self._groups,
            ),
            managers=ManagerRules(people.task_manager_ids, self._groups),
            audit=Auditor(self._audit, people.audit_channel, poster),
        )
        self._people[workspace_id] = made
        return made

    async def unconnected(self, base: Tenant, workspace_id: str) -> Tenant:
        """The workspace's people settings, and no account: nothing that reads tasks."""
        people = await self._people_of(workspace_id)
        return dataclasses.replace(base, people=people, account=None)

    @contextlib.asynccontextmanager
    async def tenant_for(self, base: Tenant, workspace_id: str) -> AsyncIterator[Tenant]:
        """The workspace's ``Tenant`` while the block runs (its task source kept that long,
        and while the background work spawned meanwhile runs); raises ``NotConnected``."""
        people = await self._people_of(workspace_id)
        if self.shares(workspace_id):
            yield dataclasses.replace(base, people=people)
            return
        try:
            using = self.sources.using(workspace_id)
            source = await using.__aenter__()
        except AccountUnreadable as error:
            log.error("%s", error)
            raise NotConnected(workspace_id) from None
        try:
            services = self._services[source]
            key = workspace_key(workspace_id)
            account = AccountServices(
                source=source,
                memory=self._memory_for(key),
                history=self._history_for(key),
                actions=services.actions,
                playback=services.backend,
                downloads=services.backend,
                catalog=services.catalog,
                describe=services.describe,
            )
            yield dataclasses.replace(
                base,
                people=people,
                account=account,
                background=base.background.holding(lambda: self.sources.retain(source)),
            )
        finally:
            await using.__aexit__(None, None, None)


def _sets_up_ivc(body: dict[str, Any]) -> bool:
    """A request a workspace without an account may make: App Home (and its Refresh),
    Connect IVC, the workspace settings."""
    kind = body.get("type")
    if kind == "event_callback":
        return (body.get("event") or {}).get("type") in UNCONNECTED_EVENTS
    actions = body.get("actions") or [{}]
    if kind == "block_actions" and actions[0].get("action_id") == HOME_REFRESH:
        return True
    return sets_up_workspace(body)


class ProvideWorkspace(AsyncMiddleware):
    """Replaces the request's tenant with its workspace's (after ``ProvideRequest``, before
    ``OnlyAllowed``). Requests of workspaces outside SLACK_ALLOWED_TEAM_IDS pass unchanged:
    ``OnlyAllowed`` refuses them. Its own refusals speak the reader's language as the payload
    states it (``asked.lang``: set before this step)."""

    def __init__(
        self, workspaces: Workspaces, cards: CardStore, allowed_workspaces: frozenset[str]
    ) -> None:
        self.workspaces = workspaces
        self.cards = cards
        self.allowed_workspaces = allowed_workspaces

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        asked: Asked = req.context[ASKED]
        base = asked.tenant
        workspace = await tenant_of(req.body, self.cards)
        req.context[TENANT_WORKSPACE] = workspace
        if not workspace or (self.allowed_workspaces and workspace not in self.allowed_workspaces):
            return await next()  # OnlyAllowed refuses it: never the environment's account
        if req.context.team_id and req.context.team_id != workspace:
            log.warning(
                "refused a click on workspace %s's message made through workspace %s's token",
                workspace,
                req.context.team_id,
            )
            message = render_user_not_allowed(AccessRefusal.NO_TENANT.name, asked.lang)
            return refusal_response(req.body, base.background, message)
        async with contextlib.AsyncExitStack() as stack:
            try:
                tenant = await stack.enter_async_context(
                    self.workspaces.tenant_for(base, workspace)
                )
            except NotConnected as missing:
                tenant = await self.workspaces.unconnected(base, workspace)
                if not _sets_up_ivc(req.body):
                    message = build_and_log_error(missing, lang=asked.lang, what="request")
                    response = refusal_response(req.body, tenant.background, message)
                    refuse_details(req.body, req.context.client, tenant.background, message.text)
                    return response
            req.context[ASKED] = dataclasses.replace(asked, tenant=tenant)
            return await next()
        raise AssertionError("unreachable")  # pragma: no cover


async def tenant_of(body: dict[str, Any], cards: CardStore) -> str:
    """The workspace whose installation the request is for: the one that posted the clicked
    card (the app's own records), else the installation the payload came to; "" when
    nothing says (then nothing is served)."""
    message = clicked_message(body)
    if message is not None:
        workspace = await cards.workspace_of(*message)
        if workspace:
            return workspace
    return installed_workspace(body)
