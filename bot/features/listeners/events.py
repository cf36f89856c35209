"""Events API listeners: the App Home tab opened; the app uninstalled or its token revoked."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.features.home.publishing import publish_home
from bot.slack.asked import Asked
from bot.slack.deps import Deps

log = logging.getLogger(__name__)

PAUSED_APP_UNINSTALLED = "app_uninstalled"
PAUSED_TOKENS_REVOKED = "tokens_revoked"


async def app_home_opened(
    event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """Publish the Home tab (in the background: the event is acked at once)."""
    if event.get("tab", "home") != "home":
        return
    home = publish_home(client, asked.team, str(event.get("user")), deps, refresh=False)
    deps.background.spawn(home, name="home")


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
    app.event("app_home_opened")(app_home_opened)
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
