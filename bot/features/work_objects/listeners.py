"""Work Objects' listeners: a task link posted (``link_shared``: its unfurl) and a task
entity opened (``entity_details_requested``: its flexpane). The edge has checked the person
(workspace, organisation, VIEWERS, guests) before either runs; a refused person's link is
not unfurled."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import Clock
from bot.commands import CommandKind
from bot.features.work_objects.flexpane import present
from bot.features.work_objects.support import WorkObjectSupport
from bot.features.work_objects.unfurling import unfurl
from bot.slack.asked import Asked
from bot.slack.slash_command import Listener
from bot.store.unfurled_links import UnfurledLinkStore
from bot.views.task_link import TaskLinks


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkObjects:
    """Task links and their Work Objects; ``links`` None (PUBLIC_URL unset): events are
    acknowledged and nothing is unfurled. ``tracked``: where links unfurled in posted
    messages are remembered (None: they are not unfurled again on a change)."""

    links: TaskLinks | None
    support: WorkObjectSupport
    tracked: UnfurledLinkStore | None = None
    clock: Clock = time.time

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        return ()

    def register(self, app: AsyncApp) -> None:
        app.event("link_shared")(self.link_shared)
        app.event("entity_details_requested")(self.details_requested)

    async def link_shared(
        self,
        ack: AsyncAck,
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        asked: Asked,
    ) -> None:
        """Ack at once; unfurl the message's task links in the background."""
        await ack()
        if self.links is None:
            return
        work = unfurl(
            event,
            body,
            client,
            asked,
            links=self.links,
            support=self.support,
            tracked=self.tracked,
            clock=self.clock,
        )
        asked.background.spawn(work, name="unfurl")

    async def details_requested(
        self,
        ack: AsyncAck,
        event: dict[str, Any],
        client: AsyncWebClient,
        asked: Asked,
    ) -> None:
        """Ack at once; answer the flexpane (``entity.presentDetails``) in the background."""
        await ack()
        if self.links is None:
            return
        work = present(event, client, asked, links=self.links, support=self.support)
        asked.background.spawn(work, name="flexpane")
