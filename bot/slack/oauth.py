"""Multi-workspace install mode: Bolt's OAuth flow with installations in the app's database."""

from __future__ import annotations

from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.store.database import Database

BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "channels:read",
    "groups:read",
    "channels:history",
    "groups:history",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def installation_store(settings: Settings, db: Database) -> AsyncInstallationStore:
    assert settings.slack_client_id is not None
    return AsyncSQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=db.engine)


def build_oauth_flow(
    settings: Settings, store: AsyncInstallationStore, db: Database, client: AsyncWebClient
) -> AsyncOAuthFlow:
    """The install page, redirect handling and token lookup, all against ``SLACK_API_URL``."""
    secret = settings.slack_client_secret
    assert settings.slack_client_id is not None and secret is not None
    oauth_settings = AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(STATE_SECONDS, db.engine),
    )
    return AsyncOAuthFlow(client=client, settings=oauth_settings)


async def bot_token_for(store: AsyncInstallationStore, team_id: str) -> str | None:
    """The bot token the workspace ``team_id`` granted on install, if it installed the app."""
    bot = await store.async_find_bot(enterprise_id=None, team_id=team_id)
    return None if bot is None else bot.bot_token
