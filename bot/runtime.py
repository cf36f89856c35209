"""Assemble one replica: task source, database, worker and the Bolt app; and take it down."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.ivc.source import TaskSource, build_source
from bot.slack.app import build_app
from bot.slack.deps import Deps
from bot.slack.oauth import bot_token_for, build_oauth_flow, installation_store
from bot.slack.web_client import build_web_client
from bot.store.database import Database
from bot.store.subscriptions import SubscriptionStore
from bot.subscriptions.service import SubscriptionService
from bot.worker.assembly import build_worker
from bot.worker.poster import Posters
from bot.worker.runner import Worker

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 10.0


@dataclass
class Runtime:
    """Everything one replica runs."""

    settings: Settings
    source: TaskSource
    db: Database
    worker: Worker
    deps: Deps
    bolt: AsyncApp


def _workspaces(settings: Settings, db: Database) -> tuple[Posters, AsyncOAuthFlow | None]:
    """How the app reaches its workspaces: one bot token, or each install's (OAuth)."""
    worker_client = build_web_client(settings, retry_rate_limits=False)
    if not settings.multi_workspace:
        return Posters(worker_client), None
    store = installation_store(settings, db)
    flow = build_oauth_flow(settings, store, db, build_web_client(settings))

    async def token_for(team_id: str) -> str | None:
        return await bot_token_for(store, team_id)

    def client_for(token: str) -> AsyncWebClient:
        return build_web_client(settings, retry_rate_limits=False, token=token)

    return Posters(worker_client, token_for=token_for, client_for=client_for), flow


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[Runtime]:
    """Open the database (migrating it), start the worker; on exit stop taking work, let
    in-flight answers finish, and close connections."""
    source = build_source(settings)
    db = await Database.open(settings.database_url)
    posters, oauth_flow = _workspaces(settings, db)
    worker = build_worker(
        source=source, db=db, client=posters, poll_interval=settings.poll_interval_seconds,
        lang=settings.bot_language,
    )
    deps = Deps(
        source=source, lang=settings.bot_language, memory=worker.memory,
        subscriptions=SubscriptionService(SubscriptionStore(db)),
        default_timezone=settings.bot_timezone, admins=settings.admin_user_ids,
        allowed_teams=settings.allowed_team_ids,
    )
    bolt = build_app(settings, deps, build_web_client(settings), oauth_flow)
    worker_task = asyncio.create_task(worker.run(), name="worker")
    try:
        yield Runtime(settings, source, db, worker, deps, bolt)
    finally:
        worker.stop()
        await deps.background.drain(SHUTDOWN_GRACE_SECONDS)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(worker_task, SHUTDOWN_GRACE_SECONDS)
        await source.aclose()
        await db.aclose()
