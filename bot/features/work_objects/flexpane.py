"""A task's flexpane (``entity_details_requested``), for the one person who opened it: the
edge has checked them (workspace, organisation, VIEWERS, guests); this answers with the task
as they may see it (the window in their zone, its channels, the actions their rights allow)
from the cached list and details, never waiting long on IVC; or with one sentence why not."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError
from slack_sdk.models.metadata import (
    EntityActionButton,
    EntityArrayItemField,
    EntityCustomField,
    EntityMetadata,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.features.work_objects.entity import TaskFacts, status_text, task_entity
from bot.features.work_objects.support import WorkObjectSupport, refused_work_objects
from bot.features.work_objects.texts import word
from bot.features.work_objects.unfurling import facts_of
from bot.ivc.accounts import NotConnected
from bot.ivc.cache import DetailsSnapshot
from bot.ivc.errors import IvcError
from bot.ivc.models import Channel, Task
from bot.ivc.snapshot import TaskSnapshot
from bot.ivc.task_rules import deletable
from bot.slack.asked import Asked
from bot.slack.entity_refusal import present_refusal
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.rights import Right, holds
from bot.slack.tenant import AccountServices
from bot.slack.user_zone import user_zone
from bot.tasks.playable import PlayState, play_state
from bot.views.mrkdwn import inert
from bot.views.task_link import TaskLinks
from bot.views.task_menu import MENU_ACTION, MenuItem, menu_value

log = logging.getLogger(__name__)

T = TypeVar("T")

WAIT_SECONDS = 2.0
"""How long a flexpane waits for IVC when nothing is cached (Slack's trigger lasts 3 s): then
one sentence says to open it again, and the fetch goes on to fill the cache."""
MAX_CHANNELS = 20
NAME_MAX = 60
_pending: set[asyncio.Task[Any]] = set()  # fetches outliving their flexpane, to fill the cache


class NotInTime(Exception):
    """IVC did not answer within ``WAIT_SECONDS``."""


async def within(work: Awaitable[T], seconds: float = WAIT_SECONDS) -> T:
    """``work``'s result if it comes within ``seconds``; else ``NotInTime``, and the work
    goes on (its result fills the cache for the next flexpane)."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        _pending.add(task)
        task.add_done_callback(_settled)
        raise NotInTime
    return task.result()


def _settled(task: asyncio.Task[Any]) -> None:
    _pending.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved: a failure was logged by the source


@dataclass(frozen=True, slots=True)
class Rights:
    """What the person may do with the task."""

    manager: bool
    playable: bool
    downloads: bool  # the account serves downloads (API 3.0)


def action_buttons(task: Task, rights: Rights, lang: str) -> list[EntityActionButton]:
    """Play, Download…, Watch / unwatch, then the managers' Retrieve again and Delete…: each
    a card menu action (the same listener and checks as the card's menu)."""
    items: list[tuple[MenuItem, str]] = []
    if rights.playable:
        items.append((MenuItem.PLAY, "play"))
        if rights.downloads:
            items.append((MenuItem.DOWNLOAD, "download"))
    items.append((MenuItem.WATCH, "watch"))
    if rights.manager:
        items.append((MenuItem.AGAIN, "again"))
        if deletable(task):
            items.append((MenuItem.DELETE, "delete"))
    buttons = []
    for item, key in items:
        value = menu_value(item, task.task_id)
        if value is not None:
            action_id = f"{MENU_ACTION}.wo_{item.value}"
            buttons.append(
                EntityActionButton(text=word(lang, key), action_id=action_id, value=value)
            )
    return buttons


def channels_field(channels: tuple[Channel, ...], lang: str) -> EntityCustomField:
    """The task's cameras, each with its own status (at most ``MAX_CHANNELS``, then "+N")."""
    items: list[dict[str, Any] | EntityArrayItemField] = []
    for channel in channels[:MAX_CHANNELS]:
        text = word(
            lang,
            "channel",
            device=inert(channel.device_name, NAME_MAX) or "—",
            channel=inert(channel.channel_name, NAME_MAX) or "—",
            status=status_text(channel.status, lang, channel=True),
        )
        items.append(EntityArrayItemField(type="string", value=text))
    hidden = len(channels) - MAX_CHANNELS
    if hidden > 0:
        items.append(
            EntityArrayItemField(type="string", value=word(lang, "more_channels", n=hidden))
        )
    return EntityCustomField(
        label=word(lang, "channels"), key="channels", type="array", item_type="string", value=items
    )


def flexpane_entity(
    facts: TaskFacts,
    channels: tuple[Channel, ...] | None,
    rights: Rights,
    *,
    zone: str,
    lang: str,
) -> EntityMetadata:
    """The whole entity in the person's zone, with the channels when known and their
    actions."""
    entity = task_entity(
        facts,
        zone=zone,
        lang=lang,
        full=True,
        actions=action_buttons(facts.task, rights, lang),
    )
    payload = entity.entity_payload
    if channels is not None and not isinstance(payload, dict) and payload.custom_fields is not None:
        payload.custom_fields.append(channels_field(channels, lang))
        if payload.display_order is not None:
            payload.display_order.append("channels")
    return entity


async def _listed(account: AccountServices) -> TaskSnapshot:
    """The fresh cached list; else IVC's if it answers in time; else the last good copy
    (``NotInTime`` when there is none)."""
    source = account.source
    fresh = source.peek()
    if fresh is not None:
        return fresh
    try:
        return await within(source.list())
    except NotInTime:
        last = source.tasks.last_good()
        if last is None:
            raise
        return last


async def _details(account: AccountServices, task_id: str) -> DetailsSnapshot | None:
    """The cached details, else IVC's if they come in time; None when they do not."""
    hit = account.source.details_cache.peek(task_id)
    if hit is not None:
        return hit
    try:
        return await within(account.source.details(task_id))
    except (IvcError, NotInTime):
        return None


async def present(
    event: Mapping[str, Any],
    client: AsyncWebClient,
    asked: Asked,
    *,
    links: TaskLinks,
    support: WorkObjectSupport,
) -> None:
    """Answer the flexpane: the task as the person may see it, or one sentence."""
    trigger = str(event.get("trigger_id") or "")
    ref = event.get("external_ref")
    task_id = str(ref.get("id") or "") if isinstance(ref, dict) else ""
    lang = asked.lang
    url = links.url(task_id)
    if not trigger:
        return
    try:
        account = asked.ivc
        snapshot = await _listed(account)
    except NotInTime:
        await _refuse(client, trigger, "refused.loading", lang)
        return
    except (IvcError, NotConnected) as error:
        log.info("flexpane not shown: %s", type(error).__name__)
        await _refuse(client, trigger, "refused.unavailable", lang)
        return
    task = next((t for t in snapshot.tasks if t.task_id == task_id), None)
    if task is None or url is None:
        await _refuse(client, trigger, "refused.not_found", lang)
        return
    entity = await _entity(task, url, client, asked, account)
    try:
        await client.entity_presentDetails(trigger_id=trigger, metadata=entity)
    except SlackApiError as error:
        if refused_work_objects(error.response):
            await support.refused(asked.workspace)
        log.warning("entity.presentDetails failed (%s)", error.response.get("error"))
    except SLACK_CALL_FAILURES as error:
        log.warning("entity.presentDetails failed (%s)", type(error).__name__)


async def _entity(
    task: Task, url: str, client: AsyncWebClient, asked: Asked, account: AccountServices
) -> EntityMetadata:
    """The flexpane's entity for the asking person (their zone and rights)."""
    stored_all = account.memory.peek()
    if stored_all is None:
        stored_all = await account.memory.load()
    stored = stored_all.get(task.task_id)
    hit = await _details(account, task.task_id)
    zone = await user_zone(client, asked.user, asked.tenant.zone)
    now = utc_now(account.source.clock)
    rights = Rights(
        manager=await holds(Right.TASK_MANAGER, client, asked),
        playable=play_state(task, stored, now) is PlayState.PLAYABLE,
        downloads=account.describe,
    )
    facts = facts_of(task, url, None, stored, account)
    channels = None if hit is None else hit.details.channels
    return flexpane_entity(facts, channels, rights, zone=zone, lang=asked.lang)


async def _refuse(client: AsyncWebClient, trigger: str, key: str, lang: str) -> None:
    await present_refusal(client, trigger, word(lang, key), word(lang, "refused.title"))
