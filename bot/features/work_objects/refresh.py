"""A posted task link unfurled again once its task's status changed: the entity built afresh
(every field only if it first showed them and the channel may still see them) sent to the same
message."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.models.metadata import EventAndEntityMetadata
from slack_sdk.web.async_client import AsyncWebClient

from bot.features.work_objects.channel_rule import channel_open
from bot.features.work_objects.entity import TaskFacts, task_entity
from bot.features.work_objects.support import WorkObjectSupport, refused_work_objects
from bot.features.work_objects.unfurling import show_button
from bot.ivc.models import Task, TaskStatus
from bot.slack.viewers import ViewerCheck
from bot.store.unfurled_links import UnfurledLinkStore
from bot.tasks.memory import TaskMemory, estimated_expiry
from bot.views.task_link import TaskLinks

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Tracked:
    """One tracked link to unfurl again: its row, where it was posted and how it showed."""

    link_id: int
    workspace: str
    channel: str
    ts: str
    posted: str
    full: bool
    cameras: int | None = None  # the count the first unfurl showed (None: unknown)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnfurlRefresher:
    """Unfurls tracked links again in BOT_LANGUAGE (``lang``) and BOT_TIMEZONE (``zone``);
    ``viewers``: whether the link's workspace has VIEWERS (then name and status only, whatever
    the link first showed)."""

    links: TaskLinks
    support: WorkObjectSupport
    store: UnfurledLinkStore
    zone: str
    lang: str
    viewers: ViewerCheck

    async def refresh(
        self, client: AsyncWebClient, link: Tracked, task: Task, memory: TaskMemory | None
    ) -> bool:
        """``chat.unfurl`` again on the same message; False (nothing sent) where the
        workspace refuses Work Objects. Slack's other failures are raised. The channel is
        asked again: VIEWERS set or a channel shared since the first unfurl shows less."""
        if await self.support.refuses(link.workspace):
            return False
        restricted = await self.viewers.restricted(link.workspace)
        full = link.full and await channel_open(client, link.channel, restricted=restricted)
        retrieved = task.status == TaskStatus.RETRIEVED
        expires = estimated_expiry(memory) if memory is not None and retrieved else None
        first = memory.first_seen_at if memory is not None else None
        url = self.links.url(task.task_id) or link.posted
        cameras = link.cameras if task.channel_count is None else task.channel_count
        facts = TaskFacts(task, url, link.posted, cameras, first, expires)
        entity = task_entity(
            facts,
            zone=self.zone,
            lang=self.lang,
            full=full,
            actions=show_button(task.task_id, self.lang),
        )
        try:
            await client.chat_unfurl(
                channel=link.channel,
                ts=link.ts,
                metadata=EventAndEntityMetadata(entities=[entity]),
            )
        except SlackApiError as error:
            if not refused_work_objects(error.response):
                raise
            await self.support.refused(link.workspace)
            return False
        changed_at = memory.status_changed_at if memory is not None else None
        await self.store.refreshed(link.link_id, int(task.status), changed_at)
        return True
