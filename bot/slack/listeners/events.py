"""Events API listeners: the App Home tab opened."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.home import publish_home
from bot.slack.ids import team_of


async def app_home_opened(
    event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, deps: Deps
) -> None:
    """Publish the Home tab (in the background: the event is acked at once)."""
    if event.get("tab", "home") != "home":
        return
    home = publish_home(client, team_of(body), str(event.get("user")), deps, refresh=False)
    deps.background.spawn(home, name="home")


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(app_home_opened)
