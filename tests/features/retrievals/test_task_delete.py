"""Delete views (pure): Delete… is never offered for a retrieving task; the confirmation
names the task, escaped, and is valid Block Kit in both languages."""

from datetime import UTC, datetime

import pytest

from bot.features.retrievals.task_created import render_task_created
from bot.features.retrievals.task_delete import delete_control, render_delete_confirm
from bot.ivc.models import Task, TaskStatus
from tests.support.blockkit import assert_valid_message


def task(status: TaskStatus, name: str = "gate_0312") -> Task:
    at = datetime(2026, 3, 12, 1, tzinfo=UTC)
    return Task("T1", name, at, at, 1, 7, status, 0.0)


def test_delete_is_not_offered_for_a_retrieving_task() -> None:
    assert delete_control(task(TaskStatus.RETRIEVING)) is None
    assert delete_control(task(TaskStatus.PENDING)) is not None
    assert delete_control(task(TaskStatus.RETRIEVED)) is not None
    card = render_task_created(task(TaskStatus.RETRIEVING))
    assert "task_delete_ask" not in str(card.blocks)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_confirmation_names_the_task_escaped(lang: str) -> None:
    message = render_delete_confirm(task(TaskStatus.PENDING, "<!channel> & co"), lang)
    payload = {"text": message.text, "blocks": message.blocks}
    assert_valid_message(payload)
    assert "<!channel>" not in str(payload) and "T1" in message.text
