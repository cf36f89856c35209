"""Publish the App Home tab: counts per status, the user's watches and the subscriptions of
the user's channels."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.features.home.people_form import people_section
from bot.features.home.views import render_home
from bot.features.ivc_connection.connector import AccountConnector
from bot.features.ivc_connection.views import account_blocks
from bot.features.report.period_report import report_blocks
from bot.ivc.accounts import NotConnected
from bot.ivc.errors import IvcError
from bot.ivc.snapshot import TaskSnapshot
from bot.reports.report import Report, build_report
from bot.services.watches import WatchService, watched_tasks
from bot.slack.asked import Asked
from bot.slack.block_kit import send_with_fallback
from bot.slack.block_refusal import BlockRefusal, refusal_in
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.rights import is_workspace_admin
from bot.slack.tenant import AccountServices
from bot.slack.token_store import EncryptedInstallationStore
from bot.slack.workspaces import Workspaces
from bot.store.subscriptions import SubscriptionStore
from bot.subscriptions.model import Subscription
from bot.views.message import Message
from bot.views.rendering import Rendering
from bot.watches.model import WatchedTask

log = logging.getLogger(__name__)

MAX_CHANNEL_PAGES = 20  # of 200 channels each


@dataclass(frozen=True, slots=True)
class MultiWorkspace:
    """Multi-workspace mode's services: each workspace's people settings, its own IVC
    account, and its installation (absent together in single-workspace mode)."""

    workspaces: Workspaces
    connector: AccountConnector
    installations: EncryptedInstallationStore


async def _user_channels(client: AsyncWebClient, user_id: str) -> list[str]:
    """Channels the user is a member of (public and private ones the bot can see)."""
    channels: list[str] = []
    cursor = None
    for _ in range(MAX_CHANNEL_PAGES):
        reply = await client.users_conversations(
            user=user_id,
            types="public_channel,private_channel",
            limit=200,
            cursor=cursor,
            exclude_archived=True,
        )
        channels += [c["id"] for c in reply.get("channels") or [] if c.get("id")]
        cursor = (reply.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return channels


async def _subscriptions(
    client: AsyncWebClient, workspace_id: str, user_id: str, subscriptions: SubscriptionStore
) -> list[Subscription]:
    try:
        channels = await _user_channels(client, user_id)
    except SLACK_CALL_FAILURES as error:
        log.warning(
            "users.conversations failed (%s); home shows no subscriptions", type(error).__name__
        )
        return []
    if not channels:
        return []
    return await subscriptions.for_channels(channels, workspace_id=workspace_id)


async def _last_week(
    snapshot: TaskSnapshot | None, asked: Asked, account: AccountServices, now: datetime
) -> Report | None:
    """The last 7 days' report (None without a task list)."""
    if snapshot is None:
        return None
    events = await account.history.events(workspace_id=asked.workspace)
    listed = {task.task_id for task in snapshot.tasks}
    return build_report(events, now=now, days=7, zone=asked.tenant.zone, listed=listed)


async def _publish(
    client: AsyncWebClient, user_id: str, blocks: list[dict[str, Any]]
) -> BlockRefusal | None:
    """views.publish; Slack's refusal of its blocks, or None when published."""
    try:
        await client.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})
    except SlackApiError as error:
        answer = error.response.data
        refusal = refusal_in(answer) if isinstance(answer, dict) else None
        if refusal is None:
            raise
        return refusal
    return None


async def _watches(
    watches: WatchService,
    account: AccountServices,
    workspace_id: str,
    user_id: str,
    snapshot: TaskSnapshot | None,
) -> list[WatchedTask]:
    mine = await watches.of_person(workspace_id, user_id)
    memory = account.memory.peek() or {}
    return watched_tasks(mine, snapshot.tasks if snapshot is not None else None, memory)


async def _account_section(
    client: AsyncWebClient, workspace_id: str, user_id: str, lang: str, multi: MultiWorkspace | None
) -> list[dict[str, Any]]:
    """Multi-workspace mode: the IVC account section (a workspace with an account of its
    own to connect) and, for an admin or owner, the workspace's people settings (the
    operator's, read-only, for a workspace on the operator's account)."""
    if multi is None:
        return []
    connector = multi.connector
    admin = await is_workspace_admin(client, user_id)
    blocks = []
    if workspace_id not in connector.shared_workspaces:
        summary = await connector.summary(workspace_id)
        blocks = account_blocks(summary, admin=admin, lang=lang)
    if admin:
        blocks += await people_section(multi.workspaces, workspace_id, lang)
    return blocks


async def publish_refusal(
    client: AsyncWebClient,
    workspace_id: str,
    user_id: str,
    asked: Asked,
    refusal: list[dict[str, Any]],
    *,
    multi: MultiWorkspace | None,
) -> None:
    """A user who may not see tasks (multi-workspace mode): the refusal, and for an admin or
    owner the workspace's IVC account and settings (so VIEWERS never locks them out)."""
    try:
        top = await _account_section(client, workspace_id, user_id, asked.lang, multi)
        await _publish(client, user_id, refusal + top)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not publish the refusal (%s)", type(error).__name__)


async def publish_workspace_home(
    client: AsyncWebClient,
    asked: Asked,
    *,
    subscriptions: SubscriptionStore,
    watches: WatchService,
    multi: MultiWorkspace,
) -> None:
    """Publish the asker's Home tab with the workspace's tenant as it is now (after its IVC
    account or people settings changed), not the request's."""
    workspaces = multi.workspaces
    workspace, user = asked.workspace, asked.user
    try:
        async with workspaces.tenant_for(asked.tenant, workspace) as fresh:
            current = replace(asked, tenant=fresh)
            await publish_home(
                client,
                current,
                user,
                refresh=True,
                subscriptions=subscriptions,
                watches=watches,
                multi=multi,
            )
    except NotConnected:
        unconnected = await workspaces.unconnected(asked.tenant, workspace)
        bare = replace(asked, tenant=unconnected)
        await publish_home(
            client,
            bare,
            user,
            refresh=False,
            subscriptions=subscriptions,
            watches=watches,
            multi=multi,
        )


async def publish_home(
    client: AsyncWebClient,
    asked: Asked,
    user_id: str,
    *,
    refresh: bool,
    subscriptions: SubscriptionStore,
    watches: WatchService,
    multi: MultiWorkspace | None,
) -> None:
    """Render ``user_id``'s Home tab (an IVC failure shows as its line there) and publish it,
    with the last 7 days' report: charts, or classic lines where the workspace refuses them.
    A workspace without an IVC account sees its IVC account section only."""
    workspace_id, lang = asked.workspace, asked.lang
    top = await _account_section(client, workspace_id, user_id, lang, multi)
    account = asked.tenant.account
    if account is None:
        await _publish(client, user_id, top)
        return
    snapshot: TaskSnapshot | None = None
    error = None
    try:
        snapshot = await account.source.list(refresh=refresh)
    except IvcError as failure:
        error = str(failure)
    subs = await _subscriptions(client, workspace_id, user_id, subscriptions)
    now = utc_now(account.source.clock)
    manager = await asked.people.managers.allows(client, workspace_id, user_id)
    report = await _last_week(snapshot, asked, account, now)
    watched = await _watches(watches, account, workspace_id, user_id, snapshot)

    async def render(rendering: Rendering) -> Message:
        shown = (
            ()
            if report is None
            else report_blocks(
                report, now=now, lang=lang, rendering=rendering, prefix="home_report"
            )
        )
        blocks = render_home(
            snapshot,
            subs,
            now=now,
            lang=lang,
            error=error,
            report=shown,
            manager=manager,
            watches=watched,
        )
        return Message(text="home", blocks=top + blocks)

    async def send(message: Message) -> BlockRefusal | None:
        return await _publish(client, user_id, message.blocks)

    await send_with_fallback(asked.tenant.renderings, workspace_id, render, send)
