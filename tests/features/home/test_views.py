"""The App Home tab."""

from datetime import timedelta

import pytest

from bot.features.home.views import render_home
from bot.ivc.models import TaskStatus
from bot.slack.admin_paths import HOME_REFRESH
from bot.subscriptions import SubscriptionState
from tests.support.blockkit import assert_valid_home
from tests.support.tasks import NOW, make_snapshot, make_task, make_tasks
from tests.views.subscription_helpers import make_notify, make_sub


def _block(blocks, block_id):
    return next(b for b in blocks if b.get("block_id") == block_id)


def _buttons(blocks):
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_counts_subscriptions_by_channel_and_refresh() -> None:
    snapshot = make_snapshot([make_task(status=TaskStatus.PENDING), *make_tasks(5)])
    subs = [
        make_sub(id=1, channel_id="C0002"),
        make_notify(id=2, channel_id="C0001"),
        make_sub(id=3, channel_id="C0001", schedule="every 4h", state=SubscriptionState.PAUSED),
    ]
    blocks = render_home(snapshot, subs, now=NOW, lang="en", error=None)
    assert_valid_home(blocks)
    assert _block(blocks, "home_header")["text"]["text"] == "Retrieval tasks"
    counts = [f["text"] for f in _block(blocks, "home_counts")["fields"]]
    assert "*:clock3: Pending*\n2 tasks · 3.0 GB" in counts
    assert "updated 12 s ago" in _block(blocks, "home_age")["elements"][0]["text"]
    assert _buttons(blocks)[HOME_REFRESH]["text"]["text"] == "Refresh"
    assert HOME_REFRESH == "home_refresh"
    assert _block(blocks, "home_subscriptions")["text"]["text"] == "*Subscriptions* · 3"
    first = _block(blocks, "home_channel_0")["text"]["text"].splitlines()
    assert first[0] == "*<#C0001>*"
    assert first[1].startswith("• *#2* · :bell: Notifications")
    assert first[2].startswith("• *#3* · :calendar: Summary `every 4h`")
    assert ":double_vertical_bar: paused" in first[2]
    second = _block(blocks, "home_channel_1")["text"]["text"]
    assert second.startswith("*<#C0002>*\n• *#1*")
    assert "next: <!date^" in second


def test_no_data_error_and_no_subscriptions() -> None:
    blocks = render_home(None, [], now=NOW, lang="en", error="IVC timed out <!channel>")
    assert_valid_home(blocks)
    assert _block(blocks, "home_error")["text"]["text"] == (
        ":warning: IVC timed out &lt;!channel&gt;"
    )
    assert _block(blocks, "home_no_data")["text"]["text"] == "No task data yet: press Refresh."
    assert "subscribe daily 09:00" in _block(blocks, "home_no_subscriptions")["text"]["text"]


def test_odd_channel_ids_are_not_mentions() -> None:
    blocks = render_home(None, [make_sub(channel_id="<!here>")], now=NOW)
    assert_valid_home(blocks)
    assert "&lt;!here&gt;" in _block(blocks, "home_channel_0")["text"]["text"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_many_channels_and_subscriptions_stay_within_a_hundred_blocks(lang: str) -> None:
    subs = [
        make_sub(id=i, channel_id=f"C{i % 150:04d}", schedule=f"daily {i % 24:02d}:30")
        for i in range(1, 3001)
    ]
    snapshot = make_snapshot(make_tasks(100_000), fetched_at=NOW - timedelta(minutes=3))
    blocks = render_home(snapshot, subs, now=NOW, lang=lang, error="x" * 5000)
    assert_valid_home(blocks)
    assert len(blocks) <= 100
    more = _block(blocks, "home_more")["elements"][0]["text"]
    assert more == ("+70 more channels" if lang == "en" else "另有 70 个频道")


def test_chinese_home() -> None:
    blocks = render_home(make_snapshot(make_tasks(3)), [make_sub()], now=NOW, lang="zh")
    assert_valid_home(blocks)
    assert _block(blocks, "home_header")["text"]["text"] == "取回任务"
    assert _buttons(blocks)[HOME_REFRESH]["text"]["text"] == "刷新"
    assert "汇总 `每天 09:00 Asia/Shanghai`" in _block(blocks, "home_channel_0")["text"]["text"]


def test_assert_valid_home_rejects_too_many_blocks() -> None:
    blocks = [{"type": "divider"}] * 101
    with pytest.raises(AssertionError, match="101 blocks"):
        assert_valid_home(blocks)
