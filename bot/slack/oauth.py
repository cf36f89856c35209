"""Multi-workspace install mode: Bolt's OAuth flow with installations in the app's database.

The install is closed: a workspace not allowed (or an org-wide install) is refused before
anything is stored and its new token revoked; tokens are stored encrypted.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from slack_bolt.error import BoltError
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select

from bot.config import Settings
from bot.encryption_keys import parse_keys
from bot.slack.token_store import EncryptedInstallationStore
from bot.slack.user_throttle import UserThrottle
from bot.store.database import Database

log = logging.getLogger(__name__)

BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "usergroups:read",
    "channels:read",
    "groups:read",
    "channels:history",
    "groups:history",
    "im:write",  # watches: conversations.open, a direct message to a watcher
    "im:history",  # a retried direct message first looks for the earlier post
    "links:read",  # task links posted in Slack (link_shared)
    "links:write",  # their unfurls as Work Objects (chat.unfurl)
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600
MAX_LIVE_STATES = 10_000  # OAuth states live at once; beyond, the install page is refused
INSTALL_WINDOW_SECONDS = 60.0  # the window of INSTALL_REQUESTS_PER_MINUTE
CLIENT_ADDRESS = "client_address"
"""The request context key of the client's address: the socket peer (X-Forwarded-For is not
trusted: behind a proxy every request comes from the proxy's address)."""
TOO_FAST = "Too many install requests from your address: wait a minute, then try again."
TOO_MANY_STATES = "Too many installs are under way: try again in a few minutes."
REFUSED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Installation refused</title></head>
<body><h1>Installation refused</h1>
<p>{reason} Nothing was stored, and the access Slack just granted has been revoked.</p>
</body></html>
"""


def installation_store(settings: Settings, db: Database) -> EncryptedInstallationStore:
    key = settings.token_encryption_key
    assert settings.slack_client_id is not None and key is not None
    keys = parse_keys(key.get_secret_value())
    return EncryptedInstallationStore(
        client_id=settings.slack_client_id, engine=db.engine, keys=keys
    )


class InstallRefused(BoltError):
    """The workspace may not install the app; the message is the page's reason."""


class PurgingStateStore(AsyncSQLAlchemyOAuthStateStore):
    """OAuth states that do not outlive their expiry: each issue or consume deletes the
    expired ones (anonymous ``GET /slack/install`` cannot grow the table without bound)."""

    async def purge_expired(self) -> int:
        now = normalize_datetime_for_db(datetime.now(UTC))
        table = self.oauth_states
        async with self.engine.begin() as conn:
            result = await conn.execute(table.delete().where(table.c.expire_at <= now))
        return int(result.rowcount or 0)

    async def live(self) -> int:
        """How many states have not expired."""
        now = normalize_datetime_for_db(datetime.now(UTC))
        table = self.oauth_states
        count = select(func.count()).select_from(table).where(table.c.expire_at > now)
        async with self.engine.connect() as conn:
            return int((await conn.execute(count)).scalar_one())

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        await self.purge_expired()
        state: str = await super().async_issue(*args, **kwargs)
        return state

    async def async_consume(self, state: str) -> bool:
        consumed: bool = await super().async_consume(state)
        await self.purge_expired()
        return consumed


class InstallLimit:
    """Who gets the install page, which stores an OAuth state: at most ``per_minute`` requests
    from one client address, and nobody while ``MAX_LIVE_STATES`` states are live."""

    def __init__(self, states: PurgingStateStore, per_minute: int) -> None:
        self._states = states
        self._throttle = UserThrottle(per_minute, INSTALL_WINDOW_SECONDS)

    async def refusal(self, address: str) -> str | None:
        """Why this request gets no install page (one plain-text line), or None."""
        if self._throttle.wait("install", address):
            return TOO_FAST
        if await self._states.live() >= MAX_LIVE_STATES:
            log.warning("refused an install page: %d OAuth states are live", MAX_LIVE_STATES)
            return TOO_MANY_STATES
        return None


def _refusal(installation: Installation, allowed: frozenset[str] | None) -> str | None:
    """Why this install is refused, or None when the workspace may install the app
    (``allowed`` None: any workspace, SLACK_ALLOW_ANY_WORKSPACE)."""
    if installation.is_enterprise_install:
        return "Org-wide (Enterprise Grid) installs of this app are off."
    if allowed is not None and installation.team_id not in allowed:
        return "This workspace is not on the list of workspaces allowed to install this app."
    return None


class ClosedOAuthFlow(AsyncOAuthFlow):
    """Bolt's OAuth flow that stores only installs of allowed workspaces and gives the install
    page only within ``limit`` (else 429 and one plain-text line)."""

    def __init__(
        self,
        *,
        client: AsyncWebClient,
        settings: AsyncOAuthSettings,
        allowed: frozenset[str] | None,
        limit: InstallLimit,
    ) -> None:
        super().__init__(client=client, settings=settings)
        self.allowed = allowed
        self.limit = limit

    async def handle_installation(self, request: AsyncBoltRequest) -> BoltResponse:
        refusal = await self.limit.refusal(str(request.context.get(CLIENT_ADDRESS) or ""))
        if refusal is not None:
            plain = "text/plain; charset=utf-8"
            headers: dict[str, str | Sequence[str]] = {"content-type": plain, "retry-after": "60"}
            return BoltResponse(status=429, body=refusal + "\n", headers=headers)
        response: BoltResponse = await super().handle_installation(request)
        return response

    async def store_installation(
        self, request: AsyncBoltRequest, installation: Installation
    ) -> None:
        reason = _refusal(installation, self.allowed)
        if reason is None:
            await super().store_installation(request, installation)
            return
        await self._revoke(installation)
        log.warning(
            "refused an install by workspace %s (not in SLACK_ALLOWED_TEAM_IDS, or org-wide); "
            "its token was revoked",
            installation.team_id or installation.enterprise_id or "unknown",
        )
        raise InstallRefused(reason)

    async def _revoke(self, installation: Installation) -> None:
        for token in (installation.bot_token, installation.user_token):
            if not token:
                continue
            try:
                await self.client.auth_revoke(token=token)
            except SlackClientError as error:
                log.error("auth.revoke of a refused install failed (%s)", type(error).__name__)


async def _on_success(args: AsyncSuccessArgs) -> BoltResponse:
    return await args.default.success(args)


async def _on_failure(args: AsyncFailureArgs) -> BoltResponse:
    """A refused install gets its own page (403); any other failure Bolt's."""
    if isinstance(args.error, InstallRefused):
        page = REFUSED_PAGE.format(reason=html.escape(str(args.error)))
        return BoltResponse(
            status=403, body=page, headers={"content-type": "text/html; charset=utf-8"}
        )
    return await args.default.failure(args)


def build_oauth_flow(
    settings: Settings, store: AsyncInstallationStore, db: Database, client: AsyncWebClient
) -> AsyncOAuthFlow:
    """The install page, redirect handling and token lookup, all against ``SLACK_API_URL``."""
    secret = settings.slack_client_secret
    assert settings.slack_client_id is not None and secret is not None
    states = PurgingStateStore(STATE_SECONDS, db.engine)
    oauth_settings = AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=states,
        callback_options=AsyncCallbackOptions(success=_on_success, failure=_on_failure),
    )
    # Any workspace only when asked (each then reads only the IVC account it connects).
    anyone = settings.slack_allow_any_workspace and not settings.allowed_team_ids
    return ClosedOAuthFlow(
        client=client,
        settings=oauth_settings,
        allowed=None if anyone else settings.allowed_team_ids,
        limit=InstallLimit(states, settings.install_requests_per_minute),
    )


async def bot_token_for(store: AsyncInstallationStore, workspace_id: str) -> str | None:
    """The bot token the workspace ``workspace_id`` granted on install, if it installed the app."""
    bot = await store.async_find_bot(enterprise_id=None, team_id=workspace_id)
    return None if bot is None else bot.bot_token
