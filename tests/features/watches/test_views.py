"""Watch views (pure): the Watch button on ``show``, the direct messages, ``watching`` and
the Home tab's "My watches", in both languages: valid Block Kit that pings nobody."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.features.home.views import render_home
from bot.features.tasks.task_details import render_details
from bot.features.watches.views import (
    render_too_many_watches,
    render_watch_expiring,
    render_watch_gone,
    render_watch_ready,
    render_watched,
    render_watching,
)
from bot.ivc.models import TaskStatus
from bot.tasks.memory import TaskMemory
from bot.watches.model import Watch, WatchedTask, WatchState
from tests.support.blockkit import assert_valid_home
from tests.support.tasks import NOW, make_details, make_snapshot, make_tasks
from tests.views.helpers import buttons, checked, dump

HOSTILE = "cam <!channel> <@U0001> *bold*"


def memory(retrieved: bool = True) -> TaskMemory:
    return TaskMemory(
        task_id="t" * 32,
        name=HOSTILE,
        status=int(TaskStatus.RETRIEVED if retrieved else TaskStatus.PENDING),
        first_seen_at=NOW - timedelta(days=2),
        status_changed_at=NOW - timedelta(days=1),
        expiration_days=7,
        retrieved_seen_at=NOW - timedelta(days=1) if retrieved else None,
    )


def watched(index: int, status: int | None, state: WatchState = WatchState.ACTIVE) -> WatchedTask:
    watch = Watch(
        "T0001",
        "U0001",
        f"{index:032d}",
        NOW,
        state=state,
        paused_reason="user_disabled" if state is WatchState.PAUSED else None,
    )
    expires = NOW + timedelta(days=6) if status == int(TaskStatus.RETRIEVED) else None
    return WatchedTask(watch, HOSTILE, status, expires)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_direct_messages_are_valid_escaped_and_carry_their_buttons(lang: str) -> None:
    ready = checked(render_watch_ready(memory(), lang=lang))
    assert "<!date^" in ready.text and "<!channel>" not in dump(ready)
    assert list(buttons(ready)) == ["task_play", "task_download", "task_unwatch"], "ready"
    gone = checked(render_watch_gone(memory(), lang=lang))
    assert list(buttons(gone)) == ["task_menu.again", "task_unwatch"], "no copy left to play"
    assert [b["value"] for b in buttons(gone).values()] == ["again:" + "t" * 32, "t" * 32]
    expiring = checked(render_watch_expiring(memory(), now=NOW + timedelta(days=5), lang=lang))
    assert list(buttons(expiring)) == [
        "task_play",
        "task_download",
        "task_menu.again",
        "task_unwatch",
    ]
    estimate = "(estimate)" if lang == "en" else "（估计）"
    assert estimate in ready.text and estimate in expiring.text
    assert ("1 d" if lang == "en" else "1 天") in expiring.text


def test_a_taskid_too_long_for_retrieve_agains_value_leaves_that_button_out() -> None:
    long = replace(memory(), task_id="t" * 145)  # "again:" + 145 characters > Slack's 150
    for message in (render_watch_gone(long), render_watch_expiring(long, now=NOW)):
        shown = buttons(checked(message))
        assert "task_menu.again" not in shown and "task_unwatch" in shown
        assert all(button["value"] for button in shown.values()), "no empty value"


def test_ready_without_a_known_expiry_says_only_ready() -> None:
    message = checked(render_watch_ready(memory(retrieved=False)))
    assert "is ready." in message.text and "estimate" not in message.text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_watching_lists_statuses_expiry_and_a_button_each(lang: str) -> None:
    items = [
        watched(0, int(TaskStatus.PENDING)),
        watched(1, int(TaskStatus.RETRIEVED)),
        watched(2, None),
        watched(3, int(TaskStatus.RETRIEVING), WatchState.PAUSED),
    ]
    message = checked(render_watching(items, now=NOW, lang=lang))
    text = dump(message)
    assert "<!channel>" not in text and "<@U0001>" not in text
    accessories = [b["accessory"]["action_id"] for b in message.blocks if "accessory" in b]
    assert accessories == [f"task_watch_{i}" for i in range(4)]
    assert ("(estimate)" if lang == "en" else "（估计）") in text
    assert ("paused: user_disabled" if lang == "en" else "已暂停：user_disabled") in text
    assert ("no longer listed" if lang == "en" else "已不再列出") in text


def test_a_long_watching_list_stays_within_slacks_limits() -> None:
    items = [watched(i, int(TaskStatus.PENDING)) for i in range(200)]
    message = checked(render_watching(items, now=NOW))
    assert len(message.blocks) <= 50 and "+160 more" in dump(message)


def test_show_carries_one_watch_button() -> None:
    details = make_details()
    message = checked(render_details(details, fetched_at=NOW, now=NOW))
    [button] = [b for b in buttons(message).values() if b["action_id"] == "task_watch"]
    assert button["value"] == details.task.task_id


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_answers(lang: str) -> None:
    retrieved = render_watched(
        "t" * 32, HOSTILE, expires_at=NOW, retrieved=True, hours=24, lang=lang
    )
    assert "<!channel>" not in dump(checked(retrieved))
    checked(render_watched("t" * 32, "x", expires_at=None, retrieved=False, hours=24, lang=lang))
    assert "200" in checked(render_too_many_watches(200, lang)).text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_with_many_watches_and_channels_stays_within_a_hundred_blocks(lang: str) -> None:
    from tests.views.subscription_helpers import make_sub

    subs = [make_sub(id=i, channel_id=f"C{i:04d}") for i in range(1, 200)]
    items = [watched(i, int(TaskStatus.RETRIEVED)) for i in range(200)]
    snapshot = make_snapshot(make_tasks(10))
    blocks = render_home(snapshot, subs, now=NOW, lang=lang, error="x", watches=items)
    assert_valid_home(blocks)
    assert len(blocks) <= 100
    mine = next(b for b in blocks if b.get("block_id") == "home_watches")["text"]["text"]
    assert ("My watches* · 200" if lang == "en" else "我的关注* · 200") in mine
    assert "<!channel>" not in mine


def test_direct_messages_carry_the_task_link_when_there_is_one() -> None:
    link = "https://tasks.example.com/tasks/" + "t" * 32
    ready = checked(render_watch_ready(memory(), link=link))
    expiring = checked(render_watch_expiring(memory(), now=NOW, link=link))
    plain = checked(render_watch_ready(memory()))

    for message in (ready, expiring):
        [line] = [b for b in message.blocks if b.get("block_id") == "task_link"]
        assert line["elements"][0]["text"] == f":link: {link}"
    assert "task_link" not in dump(plain)
