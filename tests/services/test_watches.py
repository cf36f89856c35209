"""Watches with their tasks (pure): status as listed now, or as last seen without a list."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.ivc.models import TaskStatus
from bot.services.watches import watched_tasks
from bot.tasks.memory import TaskMemory
from bot.watches.model import Watch
from tests.support.tasks import NOW, make_task

RETRIEVED = int(TaskStatus.RETRIEVED)


def memory(task_id: str, *, gone: bool = False) -> TaskMemory:
    return TaskMemory(
        task_id=task_id,
        name=f"name-{task_id}",
        status=RETRIEVED,
        first_seen_at=NOW - timedelta(days=3),
        status_changed_at=NOW - timedelta(days=2),
        expiration_days=7,
        retrieved_seen_at=NOW - timedelta(days=2),
        gone_at=NOW if gone else None,
    )


def test_listed_tasks_and_the_estimated_expiry_of_a_retrieved_copy() -> None:
    watches = [Watch("T1", "U1", task_id, NOW) for task_id in ("a", "b", "c")]
    tasks = [make_task(task_id="a", status=TaskStatus.RETRIEVED), make_task(task_id="b")]
    stored = {"a": memory("a"), "c": memory("c", gone=True)}
    a, b, c = watched_tasks(watches, tasks, stored)
    assert (a.status, a.expires_at) == (RETRIEVED, NOW + timedelta(days=5))
    assert b.status == int(tasks[1].status) and b.expires_at is None
    assert (c.name, c.status) == ("name-c", None), "no longer listed"


def test_without_a_task_list_the_status_is_as_last_seen() -> None:
    watches = [Watch("T1", "U1", "a", NOW), Watch("T1", "U1", "c", NOW)]
    stored = {"a": memory("a"), "c": replace(memory("c"), gone_at=NOW)}
    a, c = watched_tasks(watches, None, stored)
    assert (a.name, a.status) == ("name-a", RETRIEVED)
    assert c.status is None
