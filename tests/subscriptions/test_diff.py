"""Diffing the task list against the stored memory."""

from dataclasses import replace
from datetime import timedelta

from bot.ivc.models import TaskStatus
from bot.subscriptions import (
    NotifyEvent,
    TaskEventKind,
    diff_tasks,
    events_for,
    forget_gone,
)
from bot.tasks.memory import TaskMemory
from tests.support.tasks import NOW, make_task, make_tasks, with_status

T1 = NOW + timedelta(minutes=5)
T2 = NOW + timedelta(minutes=10)
T3 = NOW + timedelta(minutes=15)
PENDING = make_task(task_id="a", name="gate", status=TaskStatus.PENDING)


def test_first_sight_is_appeared_with_fresh_memory() -> None:
    diff = diff_tasks({}, [PENDING], NOW)
    [event] = diff.events
    assert (event.kind, event.task_id, event.task, event.to_status) == (
        TaskEventKind.APPEARED,
        "a",
        PENDING,
        TaskStatus.PENDING,
    )
    assert event.notify_event is NotifyEvent.APPEARED
    assert diff.memory == {
        "a": TaskMemory(
            task_id="a",
            name="gate",
            status=2,
            first_seen_at=NOW,
            status_changed_at=NOW,
            expiration_days=10,
        )
    }


def test_nothing_changed_means_no_event_and_the_same_memory() -> None:
    first = diff_tasks({}, [PENDING], NOW)
    second = diff_tasks(first.memory, [PENDING], T1)
    assert second.events == []
    assert second.memory["a"] is first.memory["a"]


def test_status_change_updates_changed_at_and_keeps_first_seen() -> None:
    first = diff_tasks({}, [PENDING], NOW)
    second = diff_tasks(first.memory, [with_status(PENDING, TaskStatus.RETRIEVING)], T1)
    [event] = second.events
    assert event.kind is TaskEventKind.STATUS_CHANGED
    assert (event.from_status, event.to_status) == (TaskStatus.PENDING, TaskStatus.RETRIEVING)
    assert event.notify_event is NotifyEvent.RETRIEVING
    stored = second.memory["a"]
    assert (stored.first_seen_at, stored.status_changed_at) == (NOW, T1)
    assert (stored.status, stored.previous_status) == (1, 2)
    assert stored.retrieved_seen_at is None
    assert event.memory is stored


def test_retrieved_seen_at_is_set_once_and_never_moves_later() -> None:
    memory = diff_tasks({}, [PENDING], NOW).memory
    memory = diff_tasks(memory, [with_status(PENDING, TaskStatus.RETRIEVED)], T1).memory
    assert memory["a"].retrieved_seen_at == T1
    memory = diff_tasks(memory, [with_status(PENDING, TaskStatus.RETRIEVING)], T2).memory
    memory = diff_tasks(memory, [with_status(PENDING, TaskStatus.RETRIEVED)], T3).memory
    assert memory["a"].retrieved_seen_at == T1
    assert memory["a"].status_changed_at == T3


def test_a_task_first_seen_retrieved_gets_retrieved_seen_at() -> None:
    task = with_status(PENDING, TaskStatus.RETRIEVED)
    diff = diff_tasks({}, [task], NOW)
    assert diff.memory["a"].retrieved_seen_at == NOW
    assert diff.events[0].kind is TaskEventKind.APPEARED
    assert diff.events[0].to_status is TaskStatus.RETRIEVED


def test_gone_once_then_back_without_appearing_again() -> None:
    memory = diff_tasks({}, [PENDING], NOW).memory
    gone = diff_tasks(memory, [], T1)
    [event] = gone.events
    assert (event.kind, event.task, event.from_status) == (
        TaskEventKind.GONE,
        None,
        TaskStatus.PENDING,
    )
    assert event.notify_event is None
    assert gone.memory["a"].gone_at == T1
    still_gone = diff_tasks(gone.memory, [], T2)
    assert still_gone.events == [] and still_gone.memory["a"].gone_at == T1
    back = diff_tasks(still_gone.memory, [PENDING], T3)
    assert back.events == []
    assert back.memory["a"].gone_at is None
    assert back.memory["a"].first_seen_at == NOW


def test_coming_back_with_another_status_is_a_status_change() -> None:
    memory = diff_tasks(diff_tasks({}, [PENDING], NOW).memory, [], T1).memory
    back = diff_tasks(memory, [with_status(PENDING, TaskStatus.RETRIEVED)], T2)
    assert [e.kind for e in back.events] == [TaskEventKind.STATUS_CHANGED]
    assert back.memory["a"].retrieved_seen_at == T2
    assert back.memory["a"].gone_at is None


def test_duplicated_ids_the_first_wins() -> None:
    first = make_task(task_id="d", name="first", status=TaskStatus.PENDING)
    second = make_task(task_id="d", name="second", status=TaskStatus.RETRIEVED)
    diff = diff_tasks({}, [first, second], NOW)
    assert len(diff.events) == 1
    assert diff.memory["d"].name == "first" and diff.memory["d"].status == 2


def test_unknown_statuses_stay_ints() -> None:
    odd = make_task(task_id="o", status=7)
    memory = diff_tasks({}, [odd], NOW).memory
    assert memory["o"].status == 7
    diff = diff_tasks(memory, [make_task(task_id="o", status=9)], T1)
    [event] = diff.events
    assert (event.from_status, event.to_status) == (7, 9)
    assert type(event.to_status) is int
    assert event.notify_event is None
    back = diff_tasks(diff.memory, [make_task(task_id="o", status=TaskStatus.PENDING)], T2)
    assert back.events[0].to_status is TaskStatus.PENDING


def test_name_and_expiration_follow_ivc_without_an_event() -> None:
    memory = diff_tasks({}, [PENDING], NOW).memory
    diff = diff_tasks(memory, [replace(PENDING, name="renamed", expiration_days=3)], T1)
    assert diff.events == []
    assert (diff.memory["a"].name, diff.memory["a"].expiration_days) == ("renamed", 3)
    assert diff.memory["a"].status_changed_at == NOW


def test_events_come_in_list_order_then_gone() -> None:
    a, b, c = (make_task(task_id=i) for i in "abc")
    memory = diff_tasks({}, [a, b], NOW).memory
    diff = diff_tasks(memory, [c, with_status(a, TaskStatus.RETRIEVED)], T1)
    assert [(e.kind, e.task_id) for e in diff.events] == [
        (TaskEventKind.APPEARED, "c"),
        (TaskEventKind.STATUS_CHANGED, "a"),
        (TaskEventKind.GONE, "b"),
    ]
    assert [e.task_id for e in diff.of_kind(TaskEventKind.GONE)] == ["b"]


def test_the_previous_memory_is_not_mutated() -> None:
    memory = diff_tasks({}, [PENDING], NOW).memory
    snapshot = dict(memory)
    diff_tasks(memory, [], T1)
    diff_tasks(memory, [with_status(PENDING, TaskStatus.RETRIEVED)], T1)
    assert memory == snapshot


def test_events_for_a_subscription() -> None:
    a, b, c = (make_task(task_id=i, status=TaskStatus.PENDING) for i in "abc")
    memory = diff_tasks({}, [a, b], NOW).memory
    diff = diff_tasks(
        memory,
        [with_status(a, TaskStatus.RETRIEVED), with_status(b, TaskStatus.RETRIEVING), c],
        T1,
    )
    wanted = events_for(diff.events, (NotifyEvent.APPEARED, NotifyEvent.RETRIEVED))
    assert [e.task_id for e in wanted] == ["a", "c"]
    assert [e.task_id for e in events_for(diff.events, [NotifyEvent.RETRIEVING])] == ["b"]
    assert events_for(diff.events, []) == []


def test_forget_gone_drops_only_old_departures() -> None:
    memory = diff_tasks({}, [make_task(task_id="x"), make_task(task_id="y")], NOW).memory
    memory = diff_tasks(memory, [make_task(task_id="y")], T1).memory
    assert set(forget_gone(memory, T2)) == {"y"}
    assert set(forget_gone(memory, T1)) == {"x", "y"}


def test_hundred_thousand_tasks_diff() -> None:
    """Correctness at scale (its speed is measured in bench/, not asserted here)."""
    tasks = make_tasks(100_000)
    first = diff_tasks({}, tasks, NOW)
    moved = [
        with_status(t, TaskStatus.RETRIEVED) if i % 10 == 0 else t
        for i, t in enumerate(tasks[:-1000])
    ]
    second = diff_tasks(first.memory, moved, T1)
    assert len(first.events) == 100_000
    kinds = [e.kind for e in second.events]
    assert kinds.count(TaskEventKind.GONE) == 1000
    assert kinds.count(TaskEventKind.STATUS_CHANGED) == sum(
        1 for i, t in enumerate(tasks[:-1000]) if i % 10 == 0 and t.status != TaskStatus.RETRIEVED
    )
    assert len(second.memory) == 100_000
