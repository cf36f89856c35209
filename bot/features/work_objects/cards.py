"""Notification cards as Work Objects: the unfurl's task entity in a card's metadata, beside
its delivery key; a workspace whose Slack refuses it gets today's card, remembered."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.metadata import EntityMetadata
from slack_sdk.web.async_client import AsyncWebClient

from bot.features.work_objects.channel_rule import channel_open
from bot.features.work_objects.entity import TaskFacts, task_entity
from bot.features.work_objects.support import WorkObjectSupport
from bot.features.work_objects.unfurling import show_button
from bot.ivc.models import Task, TaskStatus
from bot.ivc.source import TaskSource
from bot.slack.poster import PostFailed, SlackPoster
from bot.slack.viewers import ViewerCheck
from bot.tasks.memory import TaskMemory, estimated_expiry
from bot.views.message import Message
from bot.views.task_link import TaskLinks

log = logging.getLogger(__name__)

REFUSALS = frozenset({"feature_not_enabled", "invalid_metadata"})
"""Slack's errors to a message whose metadata holds entities: nothing was posted."""
_DROPPED_WORDS = ("metadata", "entit")


def dropped(answer: Mapping[str, Any]) -> bool:
    """Whether Slack took the message but warned that it dropped (part of) its metadata."""
    meta = answer.get("response_metadata")
    lines: list[Any] = [answer.get("warning")]
    if isinstance(meta, Mapping):
        for name in ("warnings", "messages"):
            found = meta.get(name)
            lines.extend(found if isinstance(found, list) else ())
    return any(word in str(line).lower() for line in lines if line for word in _DROPPED_WORDS)


class CardEntities:
    """The task entity of the cards (PUBLIC_URL set), and posting them with a fallback."""

    def __init__(
        self, *, links: TaskLinks, support: WorkObjectSupport, zone: str, viewers: ViewerCheck
    ) -> None:
        self._links, self.support = links, support
        self._zone, self.viewers = zone, viewers

    def facts(
        self, task: Task, stored: TaskMemory | None, source: TaskSource | None
    ) -> TaskFacts | None:
        """What a card's entity says of ``task`` without asking IVC (None: it has no link)."""
        url = self._links.url(task.task_id)
        if url is None:
            return None
        cameras = task.channel_count
        hit = (
            None
            if cameras is not None or source is None
            else source.details_cache.peek(task.task_id)
        )
        if hit is not None:
            cameras = len(hit.details.channels)
        retrieved = task.status == TaskStatus.RETRIEVED
        expires = estimated_expiry(stored) if stored is not None and retrieved else None
        first = None if stored is None else stored.first_seen_at
        return TaskFacts(task, url, None, cameras, first, expires)

    async def entity(
        self, workspace: str, client: AsyncWebClient, channel: str, facts: TaskFacts, lang: str
    ) -> EntityMetadata | None:
        """The entity for a card in ``channel`` (every field, or the name and status alone, as
        its unfurl would be); None where the workspace refused Work Objects."""
        if await self.support.refuses(workspace):
            return None
        restricted = await self.viewers.restricted(workspace)
        full = await channel_open(client, channel, restricted=restricted)
        task_id = facts.task.task_id
        return task_entity(
            facts, zone=self._zone, lang=lang, full=full, actions=show_button(task_id, lang)
        )

    async def post(
        self,
        poster: SlackPoster,
        workspace: str,
        channel: str,
        message: Message,
        *,
        key: str,
        entity: EntityMetadata,
    ) -> str:
        """Post the card with ``entity`` and its key; refused (nothing posted), today's card
        with its key alone; taken with a warning (the entity dropped), that card stays."""
        try:
            answer = await poster.post_answer(channel, message, key=key, entities=[entity])
        except PostFailed as failure:
            if failure.error not in REFUSALS:
                raise
            await self.support.refused(workspace)
            return await poster.post(channel, message, key=key)
        if dropped(answer):
            await self.support.refused(workspace)
        return str(answer.get("ts") or "")

    async def update(
        self,
        poster: SlackPoster,
        workspace: str,
        channel: str,
        ts: str,
        message: Message,
        *,
        key: str,
        entity: EntityMetadata,
    ) -> None:
        """Edit the card and its entity (its ``key`` kept); refused, the card with its key
        alone."""
        try:
            answer = await poster.update(channel, ts, message, key=key, entities=[entity])
        except PostFailed as failure:
            if failure.error not in REFUSALS:
                raise
            await self.support.refused(workspace)
            await poster.update(channel, ts, message, key=key)
            return
        if dropped(answer):
            await self.support.refused(workspace)
