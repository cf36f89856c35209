"""A task link posted in Slack (``link_shared``), unfurled: the task entity through
``chat.unfurl``, every field where the whole channel may see tasks, else the name and status
alone; in a workspace that refuses Work Objects, a classic unfurl (blocks) instead."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.metadata import EntityActionButton, EntityMetadata, EventAndEntityMetadata
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock, utc_now
from bot.features.work_objects.channel_rule import channel_open
from bot.features.work_objects.entity import TaskFacts, status_text, task_entity
from bot.features.work_objects.support import WorkObjectSupport, refused_work_objects
from bot.features.work_objects.texts import word
from bot.ivc.accounts import NotConnected
from bot.ivc.errors import IvcError
from bot.ivc.models import Task, TaskStatus
from bot.slack.asked import Asked
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.tenant import AccountServices
from bot.store.task_memory import SHARED_MEMORY, TaskMemoryStore
from bot.store.unfurled_links import UnfurledLink, UnfurledLinkStore
from bot.tasks.memory import MemorySource, TaskMemory, estimated_expiry
from bot.views.mrkdwn import safe
from bot.views.task_card import task_card
from bot.views.task_link import TaskLinks
from bot.views.task_menu import MENU_ACTION, MenuItem, menu_value

log = logging.getLogger(__name__)

MAX_LINKS = 5  # Slack sends at most a few links per message; more are left as they are
SHOW_ACTION = f"{MENU_ACTION}.work_object"
"""The entity's Show details: a card menu action, so the menu's listener and checks answer."""


@dataclass(frozen=True, slots=True)
class Posted:
    """One task link of the message: the link as posted and the TaskId it names."""

    url: str
    task_id: str


def posted_links(event: Mapping[str, Any], links: TaskLinks) -> list[Posted]:
    """The task links of a ``link_shared`` event (others are not the app's), each once."""
    found: dict[str, Posted] = {}
    for link in event.get("links") or ():
        url = str(link.get("url") or "") if isinstance(link, dict) else ""
        task_id = links.task_id_of(url)
        if task_id is not None and url not in found:
            found[url] = Posted(url, task_id)
    return list(found.values())[:MAX_LINKS]


def show_button(task_id: str, lang: str) -> list[EntityActionButton]:
    """Show details (the ``show`` answer to the clicker alone, checked on the click)."""
    value = menu_value(MenuItem.SHOW, task_id)
    if value is None:
        return []
    return [EntityActionButton(text=word(lang, "show"), action_id=SHOW_ACTION, value=value)]


def camera_count(task: Task, account: AccountServices) -> int | None:
    """The list's camera count, else the cached details' (None: neither knows it)."""
    if task.channel_count is not None:
        return task.channel_count
    hit = account.source.details_cache.peek(task.task_id)
    return None if hit is None else len(hit.details.channels)


def facts_of(
    task: Task,
    url: str,
    posted: str | None,
    stored: TaskMemory | None,
    account: AccountServices,
) -> TaskFacts:
    """What the app knows of ``task`` without asking IVC: its camera count, when it first
    saw the task and the copy's estimated expiry."""
    cameras = camera_count(task, account)
    retrieved = task.status == TaskStatus.RETRIEVED
    expires: datetime | None = estimated_expiry(stored) if stored and retrieved else None
    first = stored.first_seen_at if stored is not None else None
    return TaskFacts(task, url, posted, cameras, first, expires)


async def channel_sees_all(
    client: AsyncWebClient, body: Mapping[str, Any], channel: str, asked: Asked
) -> bool:
    """Whether everyone in ``channel`` may see every field (``channel_open``; Slack's own
    word that the event came from a shared channel is enough to say no)."""
    restricted = bool(asked.people.viewers.viewers) or bool(body.get("is_ext_shared_channel"))
    return await channel_open(client, channel, restricted=restricted)


def classic_unfurl(task: Task, *, full: bool, lang: str) -> dict[str, Any]:
    """The unfurl of a workspace without Work Objects: the task's card (or its name and
    status) as blocks."""
    if full:
        return {"blocks": [task_card(task, lang, block_id="task")]}
    text = f"*{safe(task.name, 100) or task.task_id}* · {status_text(task.status, lang)}"
    return {
        "blocks": [
            {
                "type": "section",
                "block_id": "task",
                "text": {"type": "mrkdwn", "text": text, "verbatim": True},
            }
        ]
    }


async def _count_cameras(tasks: list[Task], account: AccountServices) -> None:
    """Fill the details cache of the tasks whose list entry has no camera count (an unfurl
    has no deadline; a task IVC cannot detail now is unfurled without the count)."""
    source = account.source
    for task in tasks:
        if task.channel_count is None and source.details_cache.peek(task.task_id) is None:
            try:
                await source.details(task.task_id)
            except IvcError as error:
                log.info("no camera count for an unfurl (%s)", type(error).__name__)


@dataclass(frozen=True, slots=True)
class Target:
    """Where an unfurl goes: the message (``channel``, ``ts``), or a link typed in the
    composer (``unfurl_id``, ``source``)."""

    channel: str | None = None
    ts: str | None = None
    unfurl_id: str | None = None
    source: str | None = None


def target_of(event: Mapping[str, Any]) -> Target:
    """The message the links are in, else (typed in the composer) the event's unfurl_id."""
    channel, ts = str(event.get("channel") or ""), str(event.get("message_ts") or "")
    if event.get("source") != "composer" and channel and ts:
        return Target(channel=channel, ts=ts)
    return Target(
        unfurl_id=str(event.get("unfurl_id") or ""), source=str(event.get("source") or "")
    )


async def _send(
    client: AsyncWebClient,
    to: Target,
    *,
    metadata: EventAndEntityMetadata | None = None,
    unfurls: dict[str, dict[str, Any]] | None = None,
) -> None:
    await client.chat_unfurl(
        channel=to.channel,
        ts=to.ts,
        unfurl_id=to.unfurl_id,
        source=to.source,
        metadata=metadata,
        unfurls=unfurls,
    )


async def unfurl(
    event: Mapping[str, Any],
    body: Mapping[str, Any],
    client: AsyncWebClient,
    asked: Asked,
    *,
    links: TaskLinks,
    support: WorkObjectSupport,
    tracked: UnfurledLinkStore | None = None,
    clock: Clock = time.time,
) -> None:
    """Unfurl the event's task links that IVC lists (the others are left as links); with
    ``tracked``, the links of a posted message (not the composer's) unfurled as Work Objects
    are remembered, to be unfurled again when their task's status changes."""
    posted = posted_links(event, links)
    if not posted:
        return
    try:
        account = asked.ivc
        snapshot = await account.source.list()
        stored = account.memory.peek()
        if stored is None:
            stored = await account.memory.load()
    except (IvcError, NotConnected) as error:
        log.info("task links not unfurled: %s", type(error).__name__)
        return
    tasks = {task.task_id: task for task in snapshot.tasks}
    listed = [(link, tasks[link.task_id]) for link in posted if link.task_id in tasks]
    if not listed:
        return
    full = await channel_sees_all(client, body, str(event.get("channel") or ""), asked)
    lang, target = asked.channel_lang, target_of(event)  # everyone in the channel reads it
    if full:
        await _count_cameras([task for _, task in listed], account)
    if not await support.refuses(asked.workspace):
        entities = [
            _entity(
                link,
                task,
                stored.get(task.task_id),
                account,
                asked,
                url=links.url(task.task_id) or link.url,
                full=full,
            )
            for link, task in listed
        ]
        try:
            await _send(client, target, metadata=EventAndEntityMetadata(entities=entities))
        except SlackApiError as error:
            if not refused_work_objects(error.response):
                log.warning("chat.unfurl failed (%s)", error.response.get("error"))
                return
            await support.refused(asked.workspace)
        except SLACK_CALL_FAILURES as error:
            log.warning("chat.unfurl failed (%s)", type(error).__name__)
            return
        else:
            if tracked is not None and target.channel and target.ts:
                key = memory_account(account.memory)
                found = [(link.url, task, camera_count(task, account)) for link, task in listed]
                await _track(tracked, asked.workspace, target, key, found, full, clock)
            return
    unfurls = {link.url: classic_unfurl(task, full=full, lang=lang) for link, task in listed}
    try:
        await _send(client, target, unfurls=unfurls)
    except SLACK_CALL_FAILURES as error:
        log.warning("classic chat.unfurl failed (%s)", type(error).__name__)


def memory_account(memory: MemorySource) -> str:
    """The account key a workspace's task memory (and its polls) go by."""
    return memory.account if isinstance(memory, TaskMemoryStore) else SHARED_MEMORY


async def _track(
    tracked: UnfurledLinkStore,
    workspace: str,
    target: Target,
    account: str,
    found: list[tuple[str, Task, int | None]],
    full: bool,
    clock: Clock,
) -> None:
    """Remember the links unfurled in a posted message, each with the camera count it showed
    (a failure only logs: the unfurl is made, it just will not follow its task's changes)."""
    now = utc_now(clock)
    for url, task, cameras in found:
        link = UnfurledLink(
            team_id=workspace,
            channel_id=target.channel or "",
            message_ts=target.ts or "",
            url=url,
            task_id=task.task_id,
            account=account,
            full=full,
            status=int(task.status),
            unfurled_at=now,
            cameras=cameras,
        )
        try:
            await tracked.record(link)
        except SQLAlchemyError as error:
            log.warning("unfurled link not tracked (%s)", type(error).__name__)


def _entity(
    link: Posted,
    task: Task,
    stored: TaskMemory | None,
    account: AccountServices,
    asked: Asked,
    *,
    url: str,
    full: bool,
) -> dict[str, Any] | EntityMetadata:
    """The entity of one posted link (``url``: the task's own link)."""
    facts = facts_of(task, url, link.url, stored, account)
    return task_entity(
        facts,
        zone=asked.tenant.zone,
        lang=asked.channel_lang,
        full=full,
        actions=show_button(task.task_id, asked.channel_lang),
    )
