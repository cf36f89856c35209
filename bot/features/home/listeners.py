"""The App Home: the tab opened or refreshed, the workspace's people settings (Edit and Save,
workspace admins only), and the workspace forgotten when the app is uninstalled or its token
revoked."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import CommandKind
from bot.features.home.people_form import overrides_of, people_modal
from bot.features.home.people_settings import (
    SETTINGS_ACTION,
    SETTINGS_VIEW,
    read_people_form,
    render_saved_modal,
)
from bot.features.home.publishing import (
    MultiWorkspace,
    publish_home,
    publish_refusal,
    publish_workspace_home,
)
from bot.services.watches import WatchService
from bot.slack.admin_paths import HOME_REFRESH
from bot.slack.asked import Asked
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.rights import Require, Right
from bot.slack.slash_command import Listener
from bot.store.subscriptions import SubscriptionStore
from bot.views.i18n import label, normalise_lang

log = logging.getLogger(__name__)

PAUSED_APP_UNINSTALLED = "app_uninstalled"


PAUSED_TOKENS_REVOKED = "tokens_revoked"


@dataclass(frozen=True, slots=True, kw_only=True)
class Home:
    """App Home's listeners: the channels' subscriptions, each person's watches, and (None in
    single-workspace mode) multi-workspace mode's services."""

    subscriptions: SubscriptionStore
    watches: WatchService
    multi: MultiWorkspace | None

    def _home(
        self, client: AsyncWebClient, asked: Asked, user_id: str, *, refresh: bool
    ) -> Coroutine[Any, Any, None]:
        return publish_home(
            client,
            asked,
            user_id,
            refresh=refresh,
            subscriptions=self.subscriptions,
            watches=self.watches,
            multi=self.multi,
        )

    async def refresh_home(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, asked: Asked
    ) -> None:
        """The Home tab's Refresh: fetch the task list again and republish the tab."""
        await ack()
        asked.background.spawn(self._home(client, asked, asked.user, refresh=True), name="home")

    async def edit_people(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, asked: Asked
    ) -> None:
        """App Home's Edit settings: the workspace's people settings, for an admin or owner (in
        a workspace on the operator's account, the line saying the operator sets them)."""
        await ack()
        multi = self.multi
        assert multi is not None, "Require(Right.WORKSPACE_ADMIN) checked it"
        view = await people_modal(multi.workspaces, asked.workspace, asked.lang)
        try:
            await client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
        except SLACK_CALL_FAILURES as error:
            log.warning("could not open the settings form (%s)", type(error).__name__)

    async def submit_people(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        asked: Asked,
    ) -> None:
        """Workspace settings' Save (an admin or owner): each field checked, then stored for
        this workspace (the signed request's) alone; refused for a workspace on the operator's
        account, whose settings are the operator's."""
        workspace, user, lang = asked.workspace, asked.user, asked.lang
        multi = self.multi
        assert multi is not None, "Require(Right.WORKSPACE_ADMIN) checked it"
        workspaces = multi.workspaces
        if workspaces.shares(workspace):
            log.warning(
                "refused a settings change by %s (%s uses the operator's account)", user, workspace
            )
            note = label(normalise_lang(lang), "people.operators")
            await ack(response_action="errors", errors={"task_managers": note})
            return
        overrides, errors = overrides_of(workspace, read_people_form(view), lang)
        if overrides is None:
            await ack(response_action="errors", errors=errors)
            return
        await workspaces.save_overrides(overrides, by=user)
        await ack(response_action="update", view=render_saved_modal(lang))
        asked.background.spawn(self.republish(client, asked), name="home")

    async def republish(self, client: AsyncWebClient, asked: Asked) -> None:
        """The asker's Home tab with the workspace as it is now (after a settings or IVC
        account change); multi-workspace mode only."""
        assert self.multi is not None, "only multi-workspace mode changes a workspace"
        await publish_workspace_home(
            client, asked, subscriptions=self.subscriptions, watches=self.watches, multi=self.multi
        )

    async def app_home_opened(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, asked: Asked
    ) -> None:
        """Publish the Home tab (in the background: the event is acked at once)."""
        if event.get("tab", "home") != "home":
            return
        home = self._home(client, asked, str(event.get("user")), refresh=False)
        asked.background.spawn(home, name="home")

    async def publish_refused_home(
        self,
        client: AsyncWebClient,
        workspace: str,
        user: str,
        asked: Asked,
        blocks: list[dict[str, Any]],
    ) -> None:
        """The refused person's Home tab (``RefusedHome``, multi-workspace mode): the refusal,
        and for an admin the workspace's IVC account and settings."""
        await publish_refusal(client, workspace, user, asked, blocks, multi=self.multi)

    async def _forget_workspace(self, workspace_id: str, *, reason: str) -> None:
        """Delete the workspace's installation (its tokens), its own IVC credentials and its
        people settings, and pause its subscriptions."""
        if not workspace_id:
            return
        multi = self.multi
        if multi is not None:
            await multi.installations.async_delete_workspace(workspace_id)
            if await multi.connector.forget(workspace_id):
                log.warning("workspace %s: its IVC credentials were deleted", workspace_id)
            if await multi.workspaces.delete_people(workspace_id):
                log.warning("workspace %s: its people settings were deleted", workspace_id)
        paused = await self.subscriptions.pause_workspace(workspace_id, reason)
        log.warning(
            "workspace %s: %s; installation deleted, %d subscriptions paused",
            workspace_id,
            reason,
            len(paused),
            extra={"team_id": workspace_id},
        )

    async def app_uninstalled(self, body: dict[str, Any], asked: Asked) -> None:
        await self._forget_workspace(asked.workspace, reason=PAUSED_APP_UNINSTALLED)

    async def tokens_revoked(
        self, body: dict[str, Any], event: dict[str, Any], asked: Asked
    ) -> None:
        """Only a revoked bot token matters (the app stores no user tokens)."""
        if (event.get("tokens") or {}).get("bot"):
            await self._forget_workspace(asked.workspace, reason=PAUSED_TOKENS_REVOKED)

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """No subcommands: App Home answers events, its buttons and its form."""
        return ()

    def register(self, app: AsyncApp) -> None:
        admin = Require(Right.WORKSPACE_ADMIN, field="task_managers")
        app.action(HOME_REFRESH)(self.refresh_home)
        app.action(SETTINGS_ACTION, middleware=[Require(Right.WORKSPACE_ADMIN)])(self.edit_people)
        app.view(SETTINGS_VIEW, middleware=[admin])(self.submit_people)
        app.event("app_home_opened")(self.app_home_opened)
        app.event("app_uninstalled")(self.app_uninstalled)
        app.event("tokens_revoked")(self.tokens_revoked)
