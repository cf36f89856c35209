"""Which Block Kit each workspace gets, and sending with the classic fallback.

BLOCK_KIT=classic: classic blocks everywhere. Otherwise (auto) a workspace gets the newer
blocks (data tables, charts, alerts) until it refuses one with ``invalid_blocks``: where the
app sees that answer (a post, an update, ``response_url``, ``views.publish``) it sends the
classic rendering instead, once, and remembers the workspace as classic (in the database).
An ack cannot see a refusal, so acks carry newer blocks only in a workspace that accepted a
message holding them once; until then such answers go through ``response_url``.

The memory is read once per workspace per process and kept: another replica's lesson reaches
this one on its next refusal (one more fallback) or restart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from slack_sdk.webhook import WebhookResponse

from bot.clock import Clock, utc_now
from bot.observability.requests import ObservedRespond, Shape
from bot.store.block_kit import WorkspaceBlocks
from bot.views import Message
from bot.views.rendering import Rendering

log = logging.getLogger(__name__)

NEWER_BLOCKS = frozenset({"data_table", "table", "data_visualization", "alert", "card", "carousel"})
REFUSAL = "invalid_blocks"
_MAX_TEAMS = 10_000


def uses_newer(blocks: list[dict[str, Any]]) -> bool:
    """Whether ``blocks`` hold a block some workspaces may not have yet."""
    return any(block.get("type") in NEWER_BLOCKS for block in blocks)


class BlockKitMemory(Protocol):
    async def get(self, team_id: str) -> WorkspaceBlocks: ...

    async def refused(self, team_id: str, at: Any) -> None: ...

    async def accepted(self, team_id: str, at: Any) -> None: ...


class BlockKitChoice:
    """The rendering a workspace gets in an ack and outside one; learns from Slack's answers."""

    def __init__(
        self,
        setting: str = "classic",
        memory: BlockKitMemory | None = None,
        clock: Clock = time.time,
    ) -> None:
        self.classic_only = setting == "classic"
        self._memory = memory
        self._clock = clock
        self._known: dict[str, WorkspaceBlocks] = {}

    async def _of(self, team_id: str) -> WorkspaceBlocks:
        known = self._known.get(team_id)
        if known is None:
            known = WorkspaceBlocks() if self._memory is None else await self._memory.get(team_id)
            if len(self._known) >= _MAX_TEAMS:
                self._known.clear()
            self._known[team_id] = known
        return known

    async def later(self, team_id: str) -> Rendering:
        """Outside an ack (a refusal is visible): newer unless classic."""
        if self.classic_only or (await self._of(team_id)).classic:
            return Rendering.CLASSIC
        return Rendering.NEWER

    async def in_ack(self, team_id: str) -> Rendering:
        """In an ack (a refusal is invisible): newer only once the workspace accepted them."""
        if await self.later(team_id) is Rendering.CLASSIC:
            return Rendering.CLASSIC
        return Rendering.NEWER if (await self._of(team_id)).accepted else Rendering.CLASSIC

    async def refused(self, team_id: str) -> None:
        log.warning("workspace refused newer Block Kit blocks; classic blocks from now on")
        self._known[team_id] = WorkspaceBlocks(classic=True)
        if self._memory is not None:
            await self._memory.refused(team_id, utc_now(self._clock))

    async def accepted(self, team_id: str) -> None:
        known = await self._of(team_id)
        if known.accepted:
            return
        self._known[team_id] = WorkspaceBlocks(classic=known.classic, accepted=True)
        if self._memory is not None:
            await self._memory.accepted(team_id, utc_now(self._clock))


Send = Callable[[Message], Awaitable[bool]]
"""Send a message; False when Slack refused it with ``invalid_blocks``."""
Render = Callable[[Rendering], Awaitable[Message]]


def refused(response: WebhookResponse) -> bool:
    """Whether a ``response_url`` answer is Slack's ``invalid_blocks``."""
    return response.status_code != 200 and REFUSAL in str(response.body or "")


def respond_sender(respond: ObservedRespond, shape: Shape) -> Send:
    """``Send`` through ``response_url`` as ``shape`` says."""

    async def send(message: Message) -> bool:
        return not refused(await respond.send(message, shape))

    return send


async def send_with_fallback(
    choice: BlockKitChoice, team_id: str, render: Render, send: Send
) -> None:
    """Send the workspace's rendering; on a refusal of newer blocks, the classic one, once."""
    message = await render(await choice.later(team_id))
    if not uses_newer(message.blocks):
        await send(message)
        return
    if await send(message):
        await choice.accepted(team_id)
        return
    await choice.refused(team_id)
    await send(await render(Rendering.CLASSIC))
