"""Which Block Kit each workspace gets, and sending with a classic fallback per kind of block.

BLOCK_KIT=classic: classic blocks everywhere; else each newer kind until the workspace refuses
it, remembered in the database and read once per workspace per process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol

from bot.clock import Clock, utc_now
from bot.observability.requests import ObservedRespond, Shape
from bot.slack.block_refusal import BlockRefusal, response_refusal
from bot.store.block_kit import WorkspaceRenderings
from bot.views.message import Message
from bot.views.rendering import Rendering, kinds_in

log = logging.getLogger(__name__)

_MAX_WORKSPACES = 10_000


def _names(kinds: Rendering) -> frozenset[str]:
    return frozenset(str(kind.name).lower() for kind in kinds)


def _kinds(names: Iterable[str]) -> Rendering:
    named = set(names)
    found = Rendering.CLASSIC
    for kind in Rendering.NEWER:
        if str(kind.name).lower() in named:
            found |= kind
    return found


class RenderingMemory(Protocol):
    async def get(self, workspace_id: str) -> WorkspaceRenderings: ...

    async def refused(self, workspace_id: str, kinds: frozenset[str], at: Any) -> None: ...

    async def accepted(self, workspace_id: str, kinds: frozenset[str], at: Any) -> None: ...


class RenderingChoice:
    """The rendering a workspace gets in an ack and outside one; learns from Slack's answers."""

    def __init__(
        self,
        setting: str = "classic",
        memory: RenderingMemory | None = None,
        clock: Clock = time.time,
    ) -> None:
        self.classic_only = setting == "classic"
        self._memory = memory
        self._clock = clock
        self._known: dict[str, WorkspaceRenderings] = {}

    async def _of(self, workspace_id: str) -> WorkspaceRenderings:
        known = self._known.get(workspace_id)
        if known is None:
            known = (
                WorkspaceRenderings()
                if self._memory is None
                else await self._memory.get(workspace_id)
            )
            if len(self._known) >= _MAX_WORKSPACES:
                self._known.clear()
            self._known[workspace_id] = known
        return known

    def known_later(self, workspace_id: str) -> Rendering | None:
        """``later`` when it needs no database read (no coroutine); else None."""
        if self.classic_only:
            return Rendering.CLASSIC
        known = self._known.get(workspace_id)
        return None if known is None else Rendering.NEWER & ~_kinds(known.refused)

    def known_in_ack(self, workspace_id: str) -> Rendering | None:
        """``in_ack`` when it needs no database read (no coroutine); else None."""
        if self.classic_only:
            return Rendering.CLASSIC
        known = self._known.get(workspace_id)
        if known is None:
            return None
        return _kinds(known.accepted) & Rendering.NEWER & ~_kinds(known.refused)

    async def later(self, workspace_id: str) -> Rendering:
        """Outside an ack (a refusal is visible): every newer kind the workspace did not refuse."""
        if self.classic_only:
            return Rendering.CLASSIC
        return Rendering.NEWER & ~_kinds((await self._of(workspace_id)).refused)

    async def in_ack(self, workspace_id: str) -> Rendering:
        """In an ack (a refusal is invisible): the newer kinds the workspace accepted once."""
        if self.classic_only:
            return Rendering.CLASSIC
        return _kinds((await self._of(workspace_id)).accepted) & await self.later(workspace_id)

    async def refused(self, workspace_id: str, kinds: Rendering) -> None:
        """The workspace refused these kinds: their classic form there from now on."""
        known = await self._of(workspace_id)
        names = _names(kinds) - known.refused
        if not names:
            return
        log.warning("workspace refused Block Kit %s; their classic form from now on", sorted(names))
        self._known[workspace_id] = WorkspaceRenderings(known.refused | names, known.accepted)
        if self._memory is not None:
            await self._memory.refused(workspace_id, names, utc_now(self._clock))

    async def accepted(self, workspace_id: str, kinds: Rendering) -> None:
        """The workspace took a message holding these kinds (acks may carry them now)."""
        known = await self._of(workspace_id)
        names = _names(kinds) - known.accepted
        if not names:
            return
        self._known[workspace_id] = WorkspaceRenderings(known.refused, known.accepted | names)
        if self._memory is not None:
            await self._memory.accepted(workspace_id, names, utc_now(self._clock))


Send = Callable[[Message], Awaitable[BlockRefusal | None]]
"""Send a message; Slack's refusal of its blocks, or None when it was taken."""
Render = Callable[[Rendering], Awaitable[Message]]


def respond_sender(respond: ObservedRespond, shape: Shape) -> Send:
    """``Send`` through ``response_url`` as ``shape`` says."""

    async def send(message: Message) -> BlockRefusal | None:
        return response_refusal(await respond.send(message, shape))

    return send


async def send_with_fallback(
    choice: RenderingChoice, workspace_id: str, render: Render, send: Send
) -> None:
    """Send the workspace's rendering; on a refusal, again without the newer kinds Slack
    named (else without charts, then alerts too, then tables too): at most one retry per
    kind the message holds, each kind given up falling back to its classic form alone. A
    kind is remembered as refused when Slack named it, or when giving it up on a guess got
    the message taken; refusals naming only classic blocks are not retried."""
    rendering = await choice.later(workspace_id)
    guessed = Rendering.CLASSIC
    while True:
        message = await render(rendering)
        held = kinds_in(message.blocks) & rendering
        refusal = await send(message)
        if refusal is None:
            await choice.accepted(workspace_id, held)
            await choice.refused(workspace_id, guessed)
            return
        named = refusal.names(message.blocks) & held
        if not held or (refusal.pointed and not named):
            log.warning("Slack refused a message's blocks, none of a newer kind it names")
            return
        await choice.refused(workspace_id, named)
        guessed = Rendering.CLASSIC if named else next(iter(held))
        rendering &= ~(named or guessed)
