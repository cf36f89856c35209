"""Watching tasks from Slack, in process on both IVC APIs: ``watch`` / ``unwatch``
/ ``watching`` in both languages, the Watch button (task_watch) on ``show`` and in the list
toggling the clicker's own watch and answering them alone, a direct message's Unwatch
(task_unwatch), the refusals (unknown TaskId, too many), and the App Home's "My watches".
Every payload is validated as Block Kit by the driver."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.app_fixtures import baseline_records, dump
from tests.support.blockkit import assert_valid_home
from tests.support.in_process import InProcess, start_in_process
from tests.support.simulator import IVC_APIS


@pytest.fixture(scope="module", params=IVC_APIS)
def app(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[InProcess]:
    with start_in_process(
        tmp_path_factory.mktemp(f"watch-{request.param}"),
        IVC_API=request.param,
        MAX_WATCHES_PER_USER="3",
    ) as w:
        yield w


def task_with(status: int, skip: int = 0) -> dict[str, Any]:
    return [r for r in baseline_records() if r["Status"] == status][skip]


def watch_buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for block in payload.get("blocks", []):
        elements = block.get("elements", []) if block["type"] == "actions" else []
        found += [e for e in [*elements, block.get("accessory") or {}] if e.get("action_id")]
    return [e for e in found if e["action_id"].startswith("task_watch")]


def private(body: dict[str, Any]) -> dict[str, Any]:
    """A click's answer: to the clicker alone, as a new message."""
    assert body["response_type"] == "ephemeral" and body["replace_original"] is False, body
    return body


def test_watch_a_pending_task_list_it_and_toggle_it_off_with_the_button(app: InProcess) -> None:
    task = task_with(2)
    answer = app.ask(f"watch {task['TaskId']}", user_id="U0W1")
    assert "You are watching" in answer["text"] and task["TaskId"] in answer["text"]
    mine = app.ask("watching", user_id="U0W1")
    assert "Your watches* · 1" in dump(mine) and "Pending" in dump(mine)
    [button] = watch_buttons(mine)
    assert button["value"] == task["TaskId"]
    assert "Your watches* · 0" in dump(app.ask("watching", user_id="U0OTHER")), "each person's"
    off = private(app.click("task_watch", task["TaskId"], user_id="U0W1").wait_response())
    assert "no longer watch" in off["text"]
    on = private(app.click("task_watch", task["TaskId"], user_id="U0W1").wait_response())
    assert "You are watching" in on["text"]
    assert "no longer watch" in app.ask(f"unwatch {task['TaskId']}", user_id="U0W1")["text"]
    assert "were not watching" in app.ask(f"unwatch {task['TaskId']}", user_id="U0W1")["text"]


def test_show_carries_the_watch_button(app: InProcess) -> None:
    task = task_with(1)
    shown = app.ask(f"show {task['TaskId']}", user_id="U0W2")
    [button] = watch_buttons(shown)
    assert button["value"] == task["TaskId"]
    body = private(app.click(button["action_id"], button["value"], user_id="U0W2").wait_response())
    assert "You are watching" in body["text"]


def test_watching_a_retrieved_task_says_so_and_only_sets_the_reminder(app: InProcess) -> None:
    task = task_with(0)
    answer = app.ask(f"watch {task['TaskId']}", user_id="U0W3")
    assert (
        "already retrieved" in answer["text"] and "24 h before its copy expires" in answer["text"]
    )
    again = app.ask(f"watch {task['TaskId']}", user_id="U0W3")
    assert "already watch" in again["text"]


def test_an_unknown_task_id_is_refused_with_one_line(app: InProcess) -> None:
    answer = app.ask("watch 0000nope", user_id="U0W4")
    assert len(answer["blocks"]) == 1 and "lists no task" in answer["text"]
    assert "Your watches* · 0" in dump(app.ask("watching", user_id="U0W4"))
    forged = private(app.click("task_watch", "<!here>", user_id="U0W4").wait_response())
    assert "lists no task" in forged["text"] and "<!here>" not in dump(forged)


def test_more_than_the_limit_is_refused_with_a_clear_line(app: InProcess) -> None:
    for index in range(3):
        assert (
            "watching" in app.ask(f"watch {task_with(2, index)['TaskId']}", user_id="U0W5")["text"]
        )
    refused = app.ask(f"watch {task_with(2, 3)['TaskId']}", user_id="U0W5")
    assert "already watch 3 tasks" in refused["text"]


def test_a_direct_messages_unwatch_button_stops_the_watch(app: InProcess) -> None:
    task = task_with(1, 1)
    app.ask(f"watch {task['TaskId']}", user_id="U0W6")
    body = private(app.click("task_unwatch", task["TaskId"], user_id="U0W6").wait_response())
    assert "no longer watch" in body["text"]
    assert "Your watches* · 0" in dump(app.ask("watching", user_id="U0W6"))


def test_chinese_words(app: InProcess) -> None:
    task = task_with(2, 4)
    assert "You are watching" in app.ask(f"关注 {task['TaskId']}", user_id="U0W7")["text"]
    assert task["TaskId"] in dump(app.ask("关注列表", user_id="U0W7"))
    assert "no longer watch" in app.ask(f"取消关注 {task['TaskId']}", user_id="U0W7")["text"]


def test_the_home_tab_shows_my_watches(app: InProcess) -> None:
    task = task_with(0, 1)
    app.ask(f"watch {task['TaskId']}", user_id="U0W8")
    app.event({"type": "app_home_opened", "user": "U0W8", "tab": "home"})

    def published() -> dict[str, Any] | None:
        view = app.fake.home_view("U0W8")
        return view if view and "My watches" in json.dumps(view) else None

    view = app.fake.wait_for_sync(published, 10)
    assert_valid_home(view["blocks"])
    shown = json.dumps(view, ensure_ascii=False)
    assert task["TaskId"] in shown and "(estimate)" in shown


def test_chinese_answers(tmp_path) -> None:
    with start_in_process(tmp_path, BOT_LANGUAGE="zh", locale="zh-CN") as zh:
        task = task_with(2)
        answer = zh.ask(f"关注 {task['TaskId']}", user_id="U0ZH")
        assert "你已关注" in answer["text"]
        mine = zh.ask("关注列表", user_id="U0ZH")
        assert "你的关注" in dump(mine) and "取消关注" in dump(mine)
