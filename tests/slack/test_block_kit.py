"""Which Block Kit a workspace gets: acks only after one accepted message, classic for good
after a refusal, classic everywhere with BLOCK_KIT=classic; the fallback sends once."""

from __future__ import annotations

from datetime import datetime

from bot.slack.block_kit import BlockKitChoice, send_with_fallback
from bot.store.block_kit import WorkspaceBlocks
from bot.views import Message
from bot.views.rendering import Rendering

TABLE = Message("t", [{"type": "data_table", "caption": "x", "rows": []}])
CARDS = Message("c", [{"type": "section"}])


class Memory:
    def __init__(self) -> None:
        self.rows: dict[str, WorkspaceBlocks] = {}

    async def get(self, team_id: str) -> WorkspaceBlocks:
        return self.rows.get(team_id, WorkspaceBlocks())

    async def refused(self, team_id: str, at: datetime) -> None:
        self.rows[team_id] = WorkspaceBlocks(classic=True)

    async def accepted(self, team_id: str, at: datetime) -> None:
        self.rows[team_id] = WorkspaceBlocks(accepted=True)


async def render(rendering: Rendering) -> Message:
    return TABLE if rendering is Rendering.NEWER else CARDS


async def test_acks_get_newer_blocks_only_after_one_was_accepted() -> None:
    memory = Memory()
    choice = BlockKitChoice("auto", memory)
    assert await choice.in_ack("T1") is Rendering.CLASSIC
    assert await choice.later("T1") is Rendering.NEWER
    sent: list[Message] = []

    async def send(message: Message) -> bool:
        sent.append(message)
        return True

    await send_with_fallback(choice, "T1", render, send)
    assert sent == [TABLE] and memory.rows["T1"].accepted
    assert await choice.in_ack("T1") is Rendering.NEWER
    assert await BlockKitChoice("auto", memory).in_ack("T1") is Rendering.NEWER, "remembered"


async def test_a_refusal_sends_classic_once_and_for_good() -> None:
    memory = Memory()
    choice = BlockKitChoice("auto", memory)
    sent: list[Message] = []

    async def send(message: Message) -> bool:
        sent.append(message)
        return message is not TABLE

    await send_with_fallback(choice, "T2", render, send)
    await send_with_fallback(choice, "T2", render, send)
    assert sent == [TABLE, CARDS, CARDS]
    assert await BlockKitChoice("auto", memory).later("T2") is Rendering.CLASSIC


async def test_classic_setting_never_tries_newer_blocks() -> None:
    choice = BlockKitChoice("classic", Memory())
    assert await choice.later("T3") is Rendering.CLASSIC
    assert await choice.in_ack("T3") is Rendering.CLASSIC
