"""``show <TaskId> public`` as a Work Object: the answer posted in the channel with
``chat.postMessage`` carrying the task's entity (as notification cards do), so opening it gives
the flexpane. Where that cannot be (no entity, the app not in the channel…), the caller sends the
answer through ``response_url`` as for every other public answer."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.features.work_objects.cards import CardEntities
from bot.ivc.errors import IvcError
from bot.ivc.models import Task
from bot.slack.asked import Asked
from bot.slack.poster import PostFailed, SlackPoster
from bot.views.i18n import label
from bot.views.message import Message, MessageKind
from bot.views.mrkdwn import safe

log = logging.getLogger(__name__)

MAX_BLOCKS = 50  # Slack's limit on a message's blocks


def shown_key(task_id: str) -> str:
    """The posted answer's metadata key (not a delivery: nothing looks it up again)."""
    return f"shown:{task_id}"


def with_sharer(message: Message, name: str, lang: str) -> Message:
    """The answer with one context line naming who shared it (Slack shows the command of an
    in-channel ``response_url`` answer; a posted message says it): the Slack handle as
    escaped text, so nobody is pinged."""
    shown = safe(name, 80)
    if not shown or len(message.blocks) >= MAX_BLOCKS:
        return message
    line = label(lang, "shared.by", name=shown)
    context = {"type": "context", "elements": [{"type": "mrkdwn", "text": line}]}
    return Message(text=message.text, blocks=[*message.blocks, context], kind=message.kind)


@dataclass(frozen=True, slots=True)
class PublicShow:
    """Posts public ``show`` answers with their task entity (PUBLIC_URL set)."""

    cards: CardEntities

    async def _task(self, task_id: str, asked: Asked) -> Task | None:
        try:
            snapshot = await asked.ivc.source.list()
        except IvcError:
            return None  # the answer through response_url says why
        return next((t for t in snapshot.tasks if t.task_id == task_id), None)

    async def post(
        self,
        task_id: str,
        sharer: str,
        client: AsyncWebClient,
        asked: Asked,
        render: Callable[[], Awaitable[Message]],
    ) -> bool:
        """Post ``render()``'s answer in the asker's channel with the task's entity and the
        ``sharer``'s Slack handle; False
        when nothing was posted: the task is not listed, the workspace refuses Work Objects
        (learned before), or Slack refused the post (then the answer goes as before)."""
        task = await self._task(task_id, asked)
        if task is None or not asked.channel:
            return False
        memory = asked.ivc.memory.peek()
        stored = None if memory is None else memory.get(task_id)
        facts = self.cards.facts(task, stored, asked.ivc.source)
        if facts is None:
            return False
        lang = asked.channel_lang
        entity = await self.cards.entity(asked.workspace, client, asked.channel, facts, lang)
        if entity is None:
            return False
        answer = await render()
        if answer.kind is not MessageKind.ANSWER:
            return False  # an error line is not a Work Object: it goes as before
        message = with_sharer(answer, sharer, lang)
        poster = SlackPoster(client)
        try:
            await self.cards.post(
                poster,
                asked.workspace,
                asked.channel,
                message,
                key=shown_key(task_id),
                entity=entity,
            )
        except PostFailed as failure:
            log.info("public show not posted as a Work Object: Slack said %s", failure.error)
            return False
        return True
