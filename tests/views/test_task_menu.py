"""A task card's menu by who reads it: Show, Delete… (not for a retrieving task),
Retrieve again; New retrieval on list answers; Retrieve again on ``show``; both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.commands import parse_command
from bot.features.home.views import render_home
from bot.features.subscriptions.notifications import render_task_notification
from bot.features.tasks.task_details import render_details
from bot.features.tasks.task_list import MAX_PAGE_SIZE, render_list
from bot.ivc.models import TaskStatus
from bot.subscriptions.diff import TaskEventKind
from bot.views.new_task_button import ACTION_NEW_TASK
from bot.views.task_menu import (
    ITEMS,
    MENU_ACTIONS,
    MenuItem,
    Reader,
    menu_value,
    parse_choice,
    task_menu,
)
from tests.support.blockkit import assert_valid_home
from tests.support.tasks import (
    NOW,
    make_channel,
    make_details,
    make_snapshot,
    make_task,
    make_tasks,
)
from tests.views.helpers import block, buttons, checked, dump

MANAGER = Reader(manager=True)
VIEWER = Reader()
CHANNEL = Reader(everyone=True)


def items(menu: dict[str, Any] | None) -> list[str]:
    """The items a menu offers, in order."""
    if menu is None:
        return []
    return [option["value"].split(":")[0] for option in menu["options"]]


@pytest.mark.parametrize(
    ("reader", "status", "expected"),
    [
        (VIEWER, TaskStatus.PENDING, ["show", "watch"]),
        (VIEWER, TaskStatus.RETRIEVED, ["show", "play", "download", "watch"]),
        (MANAGER, TaskStatus.PENDING, ["show", "watch", "delete", "again"]),
        (MANAGER, TaskStatus.RETRIEVING, ["show", "watch", "again"]),
        (CHANNEL, TaskStatus.RETRIEVED, ["show", "play", "download", "watch", "delete"]),
        (CHANNEL, TaskStatus.RETRIEVING, ["show", "watch", "again"]),
        (
            Reader(manager=True, everyone=True),
            TaskStatus.PENDING,
            ["show", "watch", "delete", "again"],
        ),
    ],
)
def test_the_items_follow_the_reader_and_the_task(
    reader: Reader, status: TaskStatus, expected: list[str]
) -> None:
    assert items(task_menu(make_task(status=status), reader)) == expected


def test_every_item_has_a_label_in_both_languages_and_the_menu_fits_an_overflow() -> None:
    assert list(ITEMS) == list(MenuItem), "every item has one row in ITEMS"
    for lang in ("en", "zh"):
        menu = task_menu(make_task(), MANAGER, lang, block_id="task_1")
        assert menu is not None and menu["type"] == "overflow"
        assert menu["action_id"] == "task_menu.task_1" and MENU_ACTIONS.match(menu["action_id"])
        assert 1 <= len(menu["options"]) <= 5
        texts = [o["text"]["text"] for o in menu["options"]]
        assert all(0 < len(t) <= 75 for t in texts)
    zh = task_menu(make_task(status=TaskStatus.RETRIEVED), MANAGER, "zh")
    assert zh is not None and [o["text"]["text"] for o in zh["options"]] == [
        "查看详情",
        "▶ 播放",
        "⬇ 下载…",
        "关注 / 取消关注",
        "删除…",
    ], "a live copy: Download… takes Retrieve again's place (show keeps its button)"
    pending = task_menu(make_task(status=TaskStatus.PENDING), MANAGER, "zh")
    assert pending is not None and [o["text"]["text"] for o in pending["options"]] == [
        "查看详情",
        "关注 / 取消关注",
        "删除…",
        "再次取回",
    ]


def test_an_option_value_names_the_item_and_the_task_and_parses_back() -> None:
    hostile = "<!channel> x:y"
    value = menu_value(MenuItem.DELETE, hostile)
    assert value is not None and "<" not in value and len(value) <= 150
    assert parse_choice(value) == (MenuItem.DELETE, hostile)
    assert parse_choice("again:abc") == (MenuItem.AGAIN, "abc")
    for forged in ("", "delete", "delete:", "nuke:abc", ":abc"):
        assert parse_choice(forged) is None
    assert menu_value(MenuItem.SHOW, "x" * 200) is None, "too long for Slack: no option"
    assert task_menu(make_task(task_id="x" * 200), MANAGER) is None


def test_list_cards_carry_their_menu_as_an_accessory_and_new_retrieval_for_managers() -> None:
    snapshot = make_snapshot(make_tasks(60))
    command = parse_command("all")
    for lang in ("en", "zh"):
        managed = checked(
            render_list(
                snapshot, command, now=NOW, lang=lang, page_size=MAX_PAGE_SIZE, reader=MANAGER
            )
        )
        plain = checked(render_list(snapshot, command, now=NOW, lang=lang, page_size=MAX_PAGE_SIZE))
        assert len(managed.blocks) == len(plain.blocks) <= 50, "a menu adds no block"
        cards = [b for b in managed.blocks if str(b.get("block_id", "")).startswith("task_")]
        assert len(cards) == MAX_PAGE_SIZE and all("accessory" in c for c in cards)
        assert ACTION_NEW_TASK in buttons(managed)
        assert ACTION_NEW_TASK not in buttons(plain)
        assert '"delete:' not in dump(plain) and '"again:' not in dump(plain)
    public = checked(render_list(snapshot, parse_command("pending"), now=NOW, reader=CHANNEL))
    assert ACTION_NEW_TASK in buttons(public), "a message everyone sees offers it to all"
    assert '"delete:' in dump(public)
    retrieving = checked(
        render_list(snapshot, parse_command("retrieving"), now=NOW, reader=MANAGER)
    )
    assert '"delete:' not in dump(retrieving), "never offered for a retrieving task"


def test_show_offers_retrieve_again_and_the_menu_without_show_to_a_manager() -> None:
    details = make_details(make_task(), [make_channel(1)])
    fetched = NOW - timedelta(seconds=5)
    for lang in ("en", "zh"):
        shown = checked(
            render_details(details, fetched_at=fetched, now=NOW, lang=lang, reader=MANAGER)
        )
        assert items(block(shown, "task").get("accessory")) == ["delete", "again"]
        again = block(shown, "task_again")["elements"][0]
        assert MENU_ACTIONS.match(again["action_id"])
        assert parse_choice(again["value"]) == (MenuItem.AGAIN, details.task.task_id)
    viewer = checked(render_details(details, fetched_at=fetched, now=NOW))
    assert "accessory" not in block(viewer, "task"), "nothing to offer a non-manager"
    assert all(b.get("block_id") != "task_again" for b in viewer.blocks)


def test_show_of_a_retrieving_task_has_no_menu_repeating_its_retrieve_again_button() -> None:
    details = make_details(make_task(status=TaskStatus.RETRIEVING), [make_channel(1)])
    for reader in (MANAGER, CHANNEL):
        shown = checked(render_details(details, fetched_at=NOW, now=NOW, reader=reader))
        assert "accessory" not in block(shown, "task"), "one item: no overflow"
        assert "task_menu.again" in buttons(shown), "the button stays"


def test_a_menu_holds_at_least_two_options_or_is_left_out() -> None:
    task = make_task(status=TaskStatus.RETRIEVING)
    shows = frozenset({MenuItem.SHOW})
    assert task_menu(task, VIEWER, omit=shows) is None, "Watch alone"
    menu = task_menu(task, MANAGER, omit=shows)
    assert items(menu) == ["watch", "again"]


def test_channel_notifications_offer_the_menu_to_everyone() -> None:
    card = checked(render_task_notification(make_task(), TaskEventKind.APPEARED))
    assert items(block(card, "notify_task").get("accessory")) == [
        "show",
        "watch",
        "delete",
        "again",
    ]


def test_the_home_tab_offers_new_retrieval_to_a_manager_only() -> None:
    snapshot = make_snapshot(make_tasks(3))
    for lang in ("en", "zh"):
        managed = render_home(snapshot, [], now=NOW, lang=lang, manager=True)
        assert_valid_home(managed)
        home_actions = next(b for b in managed if b.get("block_id") == "home_actions")
        assert ACTION_NEW_TASK in [e["action_id"] for e in home_actions["elements"]]
    plain = render_home(snapshot, [], now=NOW)
    assert ACTION_NEW_TASK not in str(plain)


def test_a_retrieved_cards_menu_offers_play_unless_its_copy_expired_by_the_estimate() -> None:
    from bot.tasks.memory import TaskMemory
    from bot.tasks.playable import expired_copies

    fresh = make_task(task_id="a" * 32, name="fresh", status=TaskStatus.RETRIEVED)
    old = make_task(task_id="b" * 32, name="old", status=TaskStatus.RETRIEVED, expiration_days=1)
    seen = NOW - timedelta(days=3)
    stored = {
        t.task_id: TaskMemory(
            t.task_id, t.name, 0, seen, seen, t.expiration_days, retrieved_seen_at=seen
        )
        for t in (fresh, old)
    }
    stored[fresh.task_id] = replace(stored[fresh.task_id], expiration_days=30)
    expired = expired_copies([fresh, old], stored, NOW)
    assert expired == {old.task_id}, "kept 1 day, retrieved 3 days ago: expired"
    assert expired_copies([fresh, old], None, NOW) == frozenset(), "nothing known: IVC decides"
    listed = checked(
        render_list(make_snapshot([fresh, old]), parse_command("all"), now=NOW, stored=stored)
    )
    menus = {
        c["block_id"]: items(c.get("accessory"))
        for c in listed.blocks
        if str(c.get("block_id", "")).startswith("task_")
    }
    assert sorted(menus.values()) == [["show", "play", "download", "watch"], ["show", "watch"]]


def test_the_tasks_link_is_the_last_option_when_there_is_room() -> None:
    link = "https://tasks.example.com/tasks/t1"
    pending = task_menu(make_task(status=TaskStatus.PENDING), Reader(), link=link)
    full = task_menu(make_task(status=TaskStatus.RETRIEVED), MANAGER, link=link)

    assert pending is not None and full is not None
    last = pending["options"][-1]
    assert last["url"] == link and parse_choice(last["value"])[0] is MenuItem.LINK  # type: ignore[index]
    assert all("url" not in option for option in pending["options"][:-1])
    assert len(full["options"]) == 5 and all("url" not in o for o in full["options"])
    plain = task_menu(make_task(status=TaskStatus.PENDING), Reader())
    assert plain is not None and all("url" not in o for o in plain["options"])


def test_list_and_notification_cards_carry_the_link() -> None:
    from bot.views.task_link import TaskLinks

    links = TaskLinks("https://tasks.example.com")
    tasks = [make_task(task_id=f"{i:032x}", status=TaskStatus.PENDING) for i in range(3)]
    page = checked(
        render_list(make_snapshot(tasks), parse_command("pending"), now=NOW, links=links)
    )
    card = checked(
        render_task_notification(tasks[0], TaskEventKind.APPEARED, link=links.url(tasks[0].task_id))
    )

    for message in (page, card):
        assert f"https://tasks.example.com/tasks/{tasks[0].task_id}" in dump(message)
