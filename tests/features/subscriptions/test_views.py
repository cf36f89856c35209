"""The subscriptions list, confirmations, refusals and the new problems in help."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.commands import parse_command
from bot.commands import words as grammar
from bot.features.subscriptions.views import (
    render_duplicate,
    render_not_found,
    render_not_in_channel,
    render_paused,
    render_resumed,
    render_subscribed,
    render_subscriptions,
    render_unsubscribed,
)
from bot.features.tasks.command import render_command
from bot.features.tasks.help import render_help
from bot.subscriptions import (
    PAUSED_BY_USER,
    PAUSED_CHANNEL_ARCHIVED,
    PAUSED_NOT_IN_CHANNEL,
    NotifyEvent,
    SubscriptionState,
)
from bot.views.notices import render_not_allowed
from tests.support.blockkit import assert_no_pings
from tests.support.tasks import NOW, make_snapshot
from tests.views.helpers import block, checked, dump
from tests.views.subscription_helpers import make_notify, make_sub

# NOW is 2024-05-01 12:00 UTC; 09:00 in Shanghai is 01:00 UTC
NEXT_SHANGHAI_9 = datetime(2024, 5, 2, 1, 0, tzinfo=UTC)
TOKEN = re.compile(r"<!date\^(\d+)\^[^|>]*\|[^<>]*>")


def _tokens(text: str) -> list[int]:
    return [int(seconds) for seconds in TOKEN.findall(text)]


def test_list_shows_id_what_state_and_next_run_as_a_date_token() -> None:
    subs = [make_notify(), make_sub()]
    message = checked(render_subscriptions(subs, now=NOW))
    assert block(message, "subs_header")["text"]["text"] == "Subscriptions in this channel · 2"
    summary = block(message, "sub_3")["text"]["text"]
    assert summary.startswith("*#3* · :calendar: Summary `daily 09:00 Asia/Shanghai`\n")
    assert ":large_green_circle: active" in summary
    assert _tokens(summary) == [int(NEXT_SHANGHAI_9.timestamp())]
    notify = block(message, "sub_4")["text"]["text"]
    assert "*#4* · :bell: Notifications `notify appeared, retrieved`" in notify
    assert "posted when a task changes" in notify
    assert [b.get("block_id") for b in message.blocks][1:] == ["sub_3", "sub_4"]


def test_a_stored_next_run_ahead_is_used() -> None:
    stored = NOW + timedelta(hours=3)
    text = dump(checked(render_subscriptions([make_sub(next_run_at=stored)], now=NOW)))
    assert _tokens(text) == [int(stored.timestamp())]


def test_a_stored_next_run_in_the_past_is_recomputed() -> None:
    text = dump(render_subscriptions([make_sub(next_run_at=NOW - timedelta(days=3))], now=NOW))
    assert _tokens(text) == [int(NEXT_SHANGHAI_9.timestamp())]


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (None, "paused by hand; `resume 3` turns it back on"),
        (PAUSED_BY_USER, "paused by hand; `resume 3` turns it back on"),
        (PAUSED_NOT_IN_CHANNEL, "invite me with `/invite @Retrieval Tasks`, then `resume 3`"),
        (PAUSED_CHANNEL_ARCHIVED, "paused because the channel is archived"),
        ("Slack said <!channel> *boom*", "paused: Slack said &lt;!channel&gt; *\u200bboom*\u200b"),
    ],
)
def test_paused_subscriptions_say_why_and_have_no_next_run(
    reason: str | None, expected: str
) -> None:
    sub = make_sub(state=SubscriptionState.PAUSED, paused_reason=reason)
    message = checked(render_subscriptions([sub], now=NOW))
    text = block(message, "sub_3")["text"]["text"]
    assert ":double_vertical_bar: paused" in text
    assert expected in text
    assert _tokens(text) == []
    assert_no_pings(message.to_payload())


def test_empty_list_is_friendly_with_an_example() -> None:
    message = checked(render_subscriptions([], now=NOW))
    text = block(message, "subs_empty")["text"]["text"]
    assert "`subscribe daily 09:00`" in text
    assert "`订阅 每天 09:00`" in checked(render_subscriptions([], now=NOW, lang="zh")).text


def test_many_subscriptions_stay_within_fifty_blocks() -> None:
    subs = [make_sub(id=i, schedule=f"daily {i % 24:02d}:00") for i in range(1, 201)]
    message = checked(render_subscriptions(subs, now=NOW))
    assert block(message, "subs_more")["elements"][0]["text"] == "+155 more subscriptions"


def test_the_zone_and_every_text() -> None:
    message = render_subscriptions([make_sub(schedule="every 4h")], now=NOW)
    assert "`every 4h`" in dump(checked(message))
    weird = make_sub(schedule="daily 09:00", timezone="<!here>")
    assert_no_pings(checked(render_subscriptions([weird], now=NOW)).to_payload())


def test_chinese_list() -> None:
    message = checked(render_subscriptions([make_sub(), make_notify()], now=NOW, lang="zh"))
    text = dump(message)
    assert "本频道的订阅 · 2" in text
    assert ":calendar: 汇总 `每天 09:00 Asia/Shanghai`" in text
    assert ":bell: 通知 `通知 新任务, 已取回`" in text
    assert "生效中" in text and "下次：<!date^" in text


def test_subscribed_confirmation() -> None:
    sub = make_sub(next_run_at=NEXT_SHANGHAI_9)
    message = checked(render_subscribed(sub, lang="en"))
    assert message.text.startswith(
        ":white_check_mark: Subscribed (#3): this channel gets a summary "
        "`daily 09:00 Asia/Shanghai`. Next: <!date^"
    )
    assert _tokens(message.text) == [int(NEXT_SHANGHAI_9.timestamp())]
    notify = checked(render_subscribed(make_notify(events=(NotifyEvent.PENDING,)), lang="en"))
    assert notify.text == (
        ":white_check_mark: Subscribed (#4): this channel hears about `notify pending`."
    )
    assert "已订阅（#3）" in checked(render_subscribed(sub, lang="zh")).text


def test_subscribed_computes_the_next_run_when_given_now() -> None:
    message = checked(render_subscribed(make_sub(), lang="en", now=NOW))
    assert _tokens(message.text) == [int(NEXT_SHANGHAI_9.timestamp())]
    assert _tokens(checked(render_subscribed(make_sub(), lang="en")).text) == []


def test_unsubscribed() -> None:
    assert checked(render_unsubscribed([4, 3])).text == ":wastebasket: Unsubscribed #3, #4."
    assert checked(render_unsubscribed([])).text == ("This channel had no subscriptions to remove.")
    many = checked(render_unsubscribed(range(1, 101)))
    assert many.text.endswith("#30, +70 more.")
    assert checked(render_unsubscribed([3], lang="zh")).text == ":wastebasket: 已取消订阅 #3。"


def test_paused_and_resumed() -> None:
    assert checked(render_paused(make_sub())).text == (
        ":double_vertical_bar: Paused #3 (`daily 09:00 Asia/Shanghai`); "
        "`resume 3` turns it back on."
    )
    resumed = checked(render_resumed(make_sub(), now=NOW))
    assert resumed.text.startswith(":arrow_forward: Resumed #3 (`daily 09:00 Asia/Shanghai`).")
    assert _tokens(resumed.text) == [int(NEXT_SHANGHAI_9.timestamp())]
    assert checked(render_resumed(make_notify(), now=NOW)).text == (
        ":arrow_forward: Resumed #4 (`notify appeared, retrieved`)."
    )
    assert "已暂停 #3" in checked(render_paused(make_sub(), lang="zh")).text


def test_refusals() -> None:
    assert checked(render_duplicate(make_sub())).text == (
        "This channel already has `daily 09:00 Asia/Shanghai` (#3)"
    )
    assert checked(render_not_found(7)).text == (
        "This channel has no subscription #7; `subscriptions` lists them."
    )
    assert checked(render_not_in_channel()).text == (
        "I can't post in this channel: invite me with `/invite @Retrieval Tasks`, then try again"
    )
    assert "admins" in checked(render_not_allowed()).text
    for message in (
        render_duplicate(make_sub(), lang="zh"),
        render_not_found(7, lang="zh"),
        render_not_in_channel(lang="zh"),
        render_not_allowed(lang="zh"),
    ):
        assert not re.search(r"[A-Za-z]{4,}", re.sub(r"`[^`]*`", "", checked(message).text))


PROBLEMS = [
    ("subscribe", "`subscribe` needs a schedule"),
    ("subscribe monthly", "`monthly` is not a schedule"),
    ("subscribe weekly", "`weekly` is not a day of the week"),
    ("subscribe daily", "`daily` needs a time, e.g. `daily 09:00`"),
    ("subscribe daily 25:00", "`25:00` is not a time: use HH:MM from 00:00 to 23:59"),
    ("subscribe daily 9", "`9` is not a time"),
    ("subscribe daily 09:60", "`09:60` is not a time"),
    (
        "subscribe daily 09:00 Mars/Base",
        "Unknown time zone `Mars/Base`: use an Area/City name such as `Asia/Shanghai`",
    ),
    ("subscribe every", "`every` needs an interval"),
    ("subscribe every 30h", "`30h` is not an interval"),
    ("subscribe notify boom", "`boom` is not an event"),
    ("pause", "`pause` needs a subscription number, e.g. `pause 3`"),
    ("unsubscribe x", "`x` is not a subscription number"),
]


@pytest.mark.parametrize(("text", "line"), PROBLEMS)
def test_problems_are_one_line_in_the_help(text: str, line: str) -> None:
    message = checked(render_command(parse_command(text), make_snapshot(), now=NOW))
    assert line in message.text
    assert "\n" not in message.text
    assert block(message, "help_problem")["text"]["text"].startswith(":warning: ")


@pytest.mark.parametrize(("text", "line"), PROBLEMS)
def test_problems_in_chinese(text: str, line: str) -> None:
    message = checked(render_command(parse_command(text), make_snapshot(), now=NOW, lang="zh"))
    prose = re.sub(r"`[^`]*`|HH:MM|Area|City|\d+[hm]", "", message.text)
    assert not re.search(r"[A-Za-z]{3,}", prose), message.text


def test_hostile_words_in_problems_are_escaped() -> None:
    for text in ("subscribe notify <!channel>", "pause <@U123>", "subscribe daily <!here>"):
        message = checked(render_command(parse_command(text), make_snapshot(), now=NOW))
        assert_no_pings(message.to_payload())


SUBSCRIPTION_WORDS = [
    *grammar.SUBSCRIBE_WORDS,
    *grammar.SUBSCRIPTIONS_WORDS,
    *grammar.UNSUBSCRIBE_WORDS,
    *grammar.PAUSE_WORDS,
    *grammar.RESUME_WORDS,
    *grammar.NOTIFY_WORDS,
    *grammar.DAILY_WORDS,
    *grammar.WEEKDAYS_WORDS,
    *grammar.EVERY_WORDS,
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_lists_the_subscription_commands(lang: str) -> None:
    message = checked(render_help(lang))
    text = block(message, "help_subscriptions")["text"]["text"]
    for word in SUBSCRIPTION_WORDS:
        assert word in text, word
    assert "`subscribe daily HH:MM" in text and "`unsubscribe all`" in text
    assert "`取消订阅 全部`" in text
