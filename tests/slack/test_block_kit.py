"""Which Block Kit a workspace gets, per kind of newer block: in acks only after a message
holding it was accepted, its classic form for good after a refusal of that kind alone,
classic everywhere with BLOCK_KIT=classic; the retries after a refusal, and the blocks
Slack's answer names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from slack_sdk.webhook import WebhookResponse

from bot.slack.block_kit import RenderingChoice, Send, send_with_fallback
from bot.slack.block_refusal import BlockRefusal, refusal_in, response_refusal
from bot.store.block_kit import WorkspaceRenderings
from bot.views.message import Message
from bot.views.rendering import Rendering, kinds_in

TABLE = Message("t", [{"type": "data_table", "caption": "x", "rows": []}])
CARDS = Message("c", [{"type": "section"}])


class Memory:
    def __init__(self) -> None:
        self.rows: dict[str, WorkspaceRenderings] = {}

    async def get(self, workspace_id: str) -> WorkspaceRenderings:
        return self.rows.get(workspace_id, WorkspaceRenderings())

    async def refused(self, workspace_id: str, kinds: frozenset[str], at: datetime) -> None:
        row = await self.get(workspace_id)
        self.rows[workspace_id] = WorkspaceRenderings(row.refused | kinds, row.accepted)

    async def accepted(self, workspace_id: str, kinds: frozenset[str], at: datetime) -> None:
        row = await self.get(workspace_id)
        self.rows[workspace_id] = WorkspaceRenderings(row.refused, row.accepted | kinds)


async def render(rendering: Rendering) -> Message:
    return TABLE if Rendering.TABLES in rendering else CARDS


CHART = {"type": "data_visualization", "block_id": "chart"}
ALERT = {"type": "alert", "block_id": "alert"}
LINES = {"type": "section", "block_id": "lines"}


async def render_all(rendering: Rendering) -> Message:
    """A chart, an alert and a table, each in its classic form where ``rendering`` lacks it."""
    blocks: list[dict[str, Any]] = [LINES]
    blocks += [CHART] if Rendering.CHARTS in rendering else [LINES]
    blocks += [ALERT] if Rendering.ALERTS in rendering else [LINES]
    blocks += TABLE.blocks if Rendering.TABLES in rendering else CARDS.blocks
    return Message("all", blocks)


def sender(refuses: str, *, named: bool) -> tuple[Send, list[Rendering]]:
    """A ``Send`` refusing messages holding a block of type ``refuses`` (naming it, or not),
    and the kinds each message it was given held."""
    sent: list[Rendering] = []

    async def send(message: Message) -> BlockRefusal | None:
        types = [b["type"] for b in message.blocks]
        sent.append(kinds_in(message.blocks))
        if refuses not in types:
            return None
        return BlockRefusal(frozenset({types.index(refuses)}) if named else frozenset())

    return send, sent


async def test_acks_get_newer_blocks_only_after_one_was_accepted() -> None:
    memory = Memory()
    choice = RenderingChoice("auto", memory)
    assert await choice.in_ack("T1") is Rendering.CLASSIC
    assert await choice.later("T1") is Rendering.NEWER
    sent: list[Message] = []

    async def send(message: Message) -> BlockRefusal | None:
        sent.append(message)
        return None

    await send_with_fallback(choice, "T1", render, send)
    assert sent == [TABLE] and memory.rows["T1"].accepted == {"tables"}
    assert await choice.in_ack("T1") is Rendering.TABLES, "tables only: no chart was shown"
    assert await RenderingChoice("auto", memory).in_ack("T1") is Rendering.TABLES, "remembered"


async def test_the_known_rendering_is_the_awaited_one_once_read() -> None:
    memory = Memory()
    choice = RenderingChoice("auto", memory)
    assert choice.known_later("T7") is None and choice.known_in_ack("T7") is None  # not read
    await choice.accepted("T7", Rendering.TABLES | Rendering.ALERTS)
    await choice.refused("T7", Rendering.ALERTS)
    assert choice.known_later("T7") == await choice.later("T7")
    assert choice.known_in_ack("T7") == await choice.in_ack("T7") == Rendering.TABLES
    classic = RenderingChoice("classic", memory)
    assert classic.known_later("T7") is classic.known_in_ack("T7") is Rendering.CLASSIC


async def test_a_refused_table_falls_back_once_and_for_good_and_alone() -> None:
    memory = Memory()
    choice = RenderingChoice("auto", memory)
    sent: list[Message] = []

    async def send(message: Message) -> BlockRefusal | None:
        sent.append(message)
        return BlockRefusal(frozenset({0})) if message is TABLE else None

    await send_with_fallback(choice, "T2", render, send)
    await send_with_fallback(choice, "T2", render, send)
    assert sent == [TABLE, CARDS, CARDS]
    later = await RenderingChoice("auto", memory).later("T2")
    assert later is Rendering.CHARTS | Rendering.ALERTS, "charts and alerts are still tried"


async def test_classic_setting_never_tries_newer_blocks() -> None:
    choice = RenderingChoice("classic", Memory())
    assert await choice.later("T3") is Rendering.CLASSIC
    assert await choice.in_ack("T3") is Rendering.CLASSIC


async def test_a_named_refusal_gives_up_that_kind_alone() -> None:
    memory = Memory()
    send, sent = sender("data_visualization", named=True)
    await send_with_fallback(RenderingChoice("auto", memory), "T4", render_all, send)
    assert sent == [Rendering.NEWER, Rendering.ALERTS | Rendering.TABLES]
    assert memory.rows["T4"] == WorkspaceRenderings(
        refused=frozenset({"charts"}), accepted=frozenset({"alerts", "tables"})
    )


@pytest.mark.parametrize(
    ("refuses", "tries"),
    [
        ("data_visualization", [Rendering.NEWER, Rendering.ALERTS | Rendering.TABLES]),
        ("alert", [Rendering.NEWER, Rendering.ALERTS | Rendering.TABLES, Rendering.TABLES]),
        (
            "data_table",
            [
                Rendering.NEWER,
                Rendering.ALERTS | Rendering.TABLES,
                Rendering.TABLES,
                Rendering.CLASSIC,
            ],
        ),
    ],
)
async def test_an_unnamed_refusal_gives_up_charts_then_alerts_then_tables(
    refuses: str, tries: list[Rendering]
) -> None:
    """At most one retry per kind the message holds; only the kind whose removal got the
    message taken is remembered (the guesses before it may be fine)."""
    memory = Memory()
    send, sent = sender(refuses, named=False)
    await send_with_fallback(RenderingChoice("auto", memory), "T5", render_all, send)
    assert sent == tries
    guilty = {"data_visualization": "charts", "alert": "alerts", "data_table": "tables"}[refuses]
    assert memory.rows["T5"].refused == {guilty}


async def test_a_refusal_naming_only_classic_blocks_is_not_retried() -> None:
    memory = Memory()
    sent: list[Message] = []

    async def send(message: Message) -> BlockRefusal | None:
        sent.append(message)
        return BlockRefusal(frozenset({0}))

    await send_with_fallback(RenderingChoice("auto", memory), "T6", render_all, send)
    assert len(sent) == 1
    assert memory.rows.get("T6", WorkspaceRenderings()).refused == frozenset()


def test_the_refused_blocks_are_read_from_slacks_answer() -> None:
    line = "[ERROR] unsupported type: data_table [json-pointer:/blocks/3/type]"
    answer = {"ok": False, "error": "invalid_blocks", "response_metadata": {"messages": [line]}}
    assert refusal_in(answer) == BlockRefusal(frozenset({3}))
    view = "[ERROR] unsupported type: alert [json-pointer:/view/blocks/12/type]"
    named = {"error": "invalid_arguments", "response_metadata": {"messages": [view]}}
    assert refusal_in(named) == BlockRefusal(frozenset({12}))
    assert refusal_in({"error": "invalid_arguments"}) is None, "names no block"
    assert refusal_in({"error": "invalid_blocks", "errors": ["x [json-pointer:/blocks/1]"]}) == (
        BlockRefusal(frozenset({1}))
    )
    assert refusal_in({"error": "channel_not_found"}) is None
    bare = WebhookResponse(url="u", status_code=400, body="invalid_blocks", headers={})
    assert response_refusal(bare) == BlockRefusal()
    ok = WebhookResponse(url="u", status_code=200, body="ok", headers={})
    assert response_refusal(ok) is None
