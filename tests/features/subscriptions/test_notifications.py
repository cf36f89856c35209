"""Task notification cards, status replies and gone cards."""

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.features.subscriptions.notifications import (
    render_gone,
    render_status_reply,
    render_task_notification,
)
from bot.ivc.models import TaskStatus
from bot.subscriptions import NotifyEvent, TaskEventKind, diff_tasks
from tests.support.blockkit import assert_no_pings
from tests.support.tasks import NOW, make_task
from tests.views.helpers import block, checked, dump, field_texts

TASK = make_task(task_id="a" * 32, name="gate <!here> *x*", status=TaskStatus.PENDING)


def test_appeared_card() -> None:
    [event] = diff_tasks({}, [TASK], NOW).events
    message = checked(render_task_notification(TASK, event))
    assert block(message, "notify_title")["text"]["text"] == ":new: New retrieval task"
    fields = field_texts(block(message, "notify_task"))
    assert fields[1] == f"*TaskId*\n`{'a' * 32}`"
    assert fields[2] == "*Status*\n:clock3: Pending"
    assert message.text.startswith(":new: New retrieval task: gate &lt;!here&gt;")
    assert_no_pings(message.to_payload())


@pytest.mark.parametrize("event", [TaskEventKind.APPEARED, NotifyEvent.APPEARED])
def test_appeared_from_a_kind(event) -> None:
    message = checked(render_task_notification(TASK, event))
    assert block(message, "notify_title")["text"]["text"] == ":new: New retrieval task"


def test_the_card_rerendered_after_a_change() -> None:
    memory = diff_tasks({}, [TASK], NOW).memory
    moved = replace(TASK, status=TaskStatus.RETRIEVED)
    [event] = diff_tasks(memory, [moved], NOW + timedelta(minutes=5)).events
    message = checked(render_task_notification(moved, event))
    assert block(message, "notify_title")["text"]["text"] == (
        ":white_check_mark: Retrieval task now Retrieved"
    )
    assert "*Status*\n:white_check_mark: Retrieved" in field_texts(block(message, "notify_task"))


def test_status_reply() -> None:
    message = checked(render_status_reply(TASK, TaskStatus.PENDING, TaskStatus.RETRIEVING))
    assert message.text == "Status changed: Pending → Retrieving"
    assert block(message, "status_reply")["text"]["text"] == (
        ":hourglass_flowing_sand: Status changed: Pending → Retrieving"
    )
    assert checked(render_status_reply(TASK, None, 0)).text == "Status now: Retrieved"
    assert checked(render_status_reply(TASK, 2, 9)).text == "Status changed: Pending → Status 9"
    zh = checked(render_status_reply(TASK, 2, 1, lang="zh"))
    assert zh.text == "状态变化：待取回 → 取回中"


def test_gone_card_from_a_task_and_from_memory() -> None:
    gone_at = NOW + timedelta(hours=1)
    message = checked(render_gone(TASK, gone_at=gone_at))
    title = block(message, "notify_title")["text"]["text"]
    assert title.startswith(":wastebasket: No longer listed by IVC (since <!date^")
    assert "notify_task" in [b.get("block_id") for b in message.blocks]
    memory = diff_tasks(diff_tasks({}, [TASK], NOW).memory, [], gone_at).memory[TASK.task_id]
    from_memory = checked(render_gone(memory))
    details = block(from_memory, "notify_task")["text"]["text"]
    assert details == f"gate &lt;!here&gt; *\u200bx*\u200b `{'a' * 32}` · :clock3: Pending"
    assert str(int(gone_at.timestamp())) in dump(from_memory)
    assert_no_pings(from_memory.to_payload())
    undated = checked(render_gone(TASK))
    assert block(undated, "notify_title")["text"]["text"] == (
        ":wastebasket: No longer listed by IVC"
    )


def test_chinese_notifications() -> None:
    message = checked(render_task_notification(TASK, TaskEventKind.APPEARED, lang="zh"))
    assert block(message, "notify_title")["text"]["text"] == ":new: 新的取回任务"
    assert "*状态*\n:clock3: 待取回" in field_texts(block(message, "notify_task"))
    gone = checked(render_gone(TASK, gone_at=NOW, lang="zh"))
    assert "IVC 已不再列出此任务" in gone.text


def test_long_names_stay_within_limits() -> None:
    task = replace(TASK, name="x" * 10_000)
    assert len(checked(render_task_notification(task, TaskEventKind.APPEARED)).text) < 300
