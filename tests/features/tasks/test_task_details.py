"""One task with its channels."""

from datetime import timedelta

from bot.features.tasks.task_details import render_details
from bot.ivc.models import ChannelStatus
from tests.support.tasks import NOW, make_channel, make_details, make_task
from tests.views.helpers import block, blocks_of, checked, context_text, field_texts


def render(channels, lang: str = "en"):
    details = make_details(make_task(name="Gate"), channels)
    return checked(
        render_details(details, fetched_at=NOW - timedelta(seconds=30), now=NOW, lang=lang)
    )


def test_card_then_channels_with_status() -> None:
    message = render(
        [
            make_channel(1, status=ChannelStatus.RETRIEVED),
            make_channel(2, status=ChannelStatus.NO_ARCHIVE),
            make_channel(3, status=9),
        ]
    )
    assert field_texts(block(message, "task"))[0] == "*Task name*\nGate"
    assert block(message, "channels")["text"]["text"] == "*Channels · 3*"
    fields = field_texts(block(message, "channels_0"))
    assert fields[0] == "*Gate 1* / Camera 1\n`ch1` :white_check_mark: Retrieved"
    assert fields[1].endswith(":no_entry_sign: No archived recording")
    assert fields[2].endswith(":grey_question: Status 9")
    assert context_text(message) == "updated 30 s ago"
    assert message.text == f"Task details: {make_task().task_id}"


def test_at_most_forty_channels_then_more() -> None:
    message = render([make_channel(i) for i in range(45)])
    shown = sum(len(s["fields"]) for s in blocks_of(message, "section") if s.get("fields"))
    assert shown == 40 + 7  # channels plus the task card's seven fields
    assert context_text(message, "channels_more") == "+5 more channels"
    assert block(message, "channels")["text"]["text"] == "*Channels · 45*"


def test_exactly_forty_channels_has_no_more_line() -> None:
    message = render([make_channel(i) for i in range(40)])
    assert all(b.get("block_id") != "channels_more" for b in message.blocks)


def test_no_channels() -> None:
    message = render([])
    assert "No channels listed" in block(message, "channels")["text"]["text"]


def test_many_channels_stay_within_limits() -> None:
    assert len(render([make_channel(i) for i in range(5_000)]).blocks) <= 50


def test_chinese_details() -> None:
    message = render([make_channel(1, status=3)], lang="zh")
    assert block(message, "details")["text"]["text"] == "任务详情"
    assert "无归档录像" in field_texts(block(message, "channels_0"))[0]
    assert context_text(message) == "更新于 30 秒前"
