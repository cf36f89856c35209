"""The App Home: the tab opened or refreshed, the workspace's people settings (Edit and Save,
workspace admins only), and the workspace forgotten when the app is uninstalled or its token
revoked."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.features.home.people_form import overrides_of, people_modal
from bot.features.home.people_settings import (
    SETTINGS_ACTION,
    SETTINGS_VIEW,
    read_people_form,
    render_saved_modal,
)
from bot.features.home.publishing import publish_home, publish_workspace_home
from bot.slack.admin_paths import HOME_REFRESH
from bot.slack.asked import Asked
from bot.slack.deps import Deps
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.rights import Require, Right
from bot.views.i18n import label, normalise_lang

log = logging.getLogger(__name__)


async def refresh_home(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """The Home tab's Refresh: fetch the task list again and republish the tab."""
    await ack()
    deps.background.spawn(
        publish_home(client, asked.team, asked.user, deps, refresh=True), name="home"
    )


async def edit_people(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """App Home's Edit settings: the workspace's people settings, for an admin or owner (in
    a workspace on the operator's account, the line saying the operator sets them)."""
    await ack()
    workspaces = deps.workspaces
    assert workspaces is not None, "Require(Right.WORKSPACE_ADMIN) checked it"
    view = await people_modal(workspaces, asked.team, deps.lang)
    try:
        await client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not open the settings form (%s)", type(error).__name__)


async def submit_people(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    asked: Asked,
) -> None:
    """Workspace settings' Save (an admin or owner): each field checked, then stored for
    this workspace (the signed request's) alone; refused for a workspace on the operator's
    account, whose settings are the operator's."""
    team, user = asked.team, asked.user
    workspaces = deps.workspaces
    assert workspaces is not None, "Require(Right.WORKSPACE_ADMIN) checked it"
    if workspaces.shares(team):
        log.warning("refused a settings change by %s (%s uses the operator's account)", user, team)
        note = label(normalise_lang(deps.lang), "people.operators")
        await ack(response_action="errors", errors={"task_managers": note})
        return
    overrides, errors = overrides_of(team, read_people_form(view), deps.lang)
    if overrides is None:
        await ack(response_action="errors", errors=errors)
        return
    await workspaces.save_overrides(overrides, by=user)
    await ack(response_action="update", view=render_saved_modal(deps.lang))
    deps.background.spawn(publish_workspace_home(client, team, user, deps), name="home")


async def app_home_opened(
    event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """Publish the Home tab (in the background: the event is acked at once)."""
    if event.get("tab", "home") != "home":
        return
    home = publish_home(client, asked.team, str(event.get("user")), deps, refresh=False)
    deps.background.spawn(home, name="home")


PAUSED_APP_UNINSTALLED = "app_uninstalled"


PAUSED_TOKENS_REVOKED = "tokens_revoked"


async def forget_workspace(team_id: str, deps: Deps, *, reason: str) -> None:
    """Delete the workspace's installation (its tokens), its own IVC credentials and its
    people settings, and pause its subscriptions."""
    if not team_id:
        return
    if deps.installations is not None:
        await deps.installations.async_delete_team(team_id)
    if deps.connector is not None and await deps.connector.forget(team_id):
        log.warning("workspace %s: its IVC credentials were deleted", team_id)
    if deps.workspaces is not None and await deps.workspaces.delete_people(team_id):
        log.warning("workspace %s: its people settings were deleted", team_id)
    paused = await deps.store.pause_team(team_id, reason) if deps.store is not None else []
    log.warning(
        "workspace %s: %s; installation deleted, %d subscriptions paused",
        team_id,
        reason,
        len(paused),
        extra={"team_id": team_id},
    )


async def app_uninstalled(body: dict[str, Any], deps: Deps, asked: Asked) -> None:
    await forget_workspace(asked.team, deps, reason=PAUSED_APP_UNINSTALLED)


async def tokens_revoked(
    body: dict[str, Any], event: dict[str, Any], deps: Deps, asked: Asked
) -> None:
    """Only a revoked bot token matters (the app stores no user tokens)."""
    if (event.get("tokens") or {}).get("bot"):
        await forget_workspace(asked.team, deps, reason=PAUSED_TOKENS_REVOKED)


def register(app: AsyncApp) -> None:
    admin = Require(Right.WORKSPACE_ADMIN, field="task_managers")
    app.action(HOME_REFRESH)(refresh_home)
    app.action(SETTINGS_ACTION, middleware=[Require(Right.WORKSPACE_ADMIN)])(edit_people)
    app.view(SETTINGS_VIEW, middleware=[admin])(submit_people)
    app.event("app_home_opened")(app_home_opened)
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
