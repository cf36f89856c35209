"""What changed between two polls of the task list: pure, from the ``now`` passed in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

from bot.ivc.models import Task, TaskStatus, parse_status
from bot.subscriptions.model import NotifyEvent, event_of_status
from bot.tasks.memory import TaskMemory

_RETRIEVED = int(TaskStatus.RETRIEVED)


class TaskEventKind(Enum):
    APPEARED = "appeared"  # a task the app had never seen
    STATUS_CHANGED = "status_changed"
    GONE = "gone"  # no longer listed by IVC


@dataclass(frozen=True, slots=True)
class TaskEvent:
    """One change. ``task`` is the task as listed now (None for GONE); ``memory`` the stored
    state after the change. ``from_status``/``to_status`` are set for STATUS_CHANGED (and
    ``to_status`` for APPEARED); unknown statuses are plain ints."""

    kind: TaskEventKind
    task_id: str
    memory: TaskMemory
    task: Task | None = None
    from_status: TaskStatus | int | None = None
    to_status: TaskStatus | int | None = None

    @property
    def notify_event(self) -> NotifyEvent | None:
        """The notify subscription event this is: APPEARED, or the status it changed to."""
        if self.kind is TaskEventKind.APPEARED:
            return NotifyEvent.APPEARED
        if self.kind is TaskEventKind.STATUS_CHANGED and self.to_status is not None:
            return event_of_status(self.to_status)
        return None


@dataclass(slots=True)
class TaskDiff:
    """The events of one poll, in list order (appeared/changed), then GONE; and the memory to
    store for the next poll (tasks gone earlier stay, with their ``gone_at``)."""

    events: list[TaskEvent] = field(default_factory=list)
    memory: dict[str, TaskMemory] = field(default_factory=dict)

    def of_kind(self, kind: TaskEventKind) -> list[TaskEvent]:
        return [event for event in self.events if event.kind is kind]


def _first_seen(task: Task, status: int, now: datetime) -> TaskMemory:
    return TaskMemory(
        task_id=task.task_id,
        name=task.name,
        status=status,
        first_seen_at=now,
        status_changed_at=now,
        expiration_days=task.expiration_days,
        retrieved_seen_at=now if status == _RETRIEVED else None,
    )


def _seen_again(prev: TaskMemory, task: Task, status: int, now: datetime) -> TaskMemory:
    changed = prev.status != status
    if (
        not changed
        and prev.gone_at is None
        and prev.name == task.name
        and prev.expiration_days == task.expiration_days
        and (prev.retrieved_seen_at is not None or status != _RETRIEVED)
    ):
        return prev  # nothing to store: keep the same object
    retrieved_seen_at = prev.retrieved_seen_at
    if retrieved_seen_at is None and status == _RETRIEVED:
        retrieved_seen_at = now
    return TaskMemory(
        task_id=prev.task_id,
        name=task.name,
        status=status,
        first_seen_at=prev.first_seen_at,
        status_changed_at=now if changed else prev.status_changed_at,
        expiration_days=task.expiration_days,
        retrieved_seen_at=retrieved_seen_at,
        gone_at=None,
        previous_status=prev.status if changed else prev.previous_status,
    )


def diff_tasks(
    previous: Mapping[str, TaskMemory], current: Sequence[Task], now: datetime
) -> TaskDiff:
    """Compare the stored memory with the tasks listed now.

    - a task never seen: APPEARED (first_seen_at = status_changed_at = now; retrieved_seen_at
      = now when it is already retrieved);
    - a known task with another status: STATUS_CHANGED (status_changed_at = now,
      retrieved_seen_at set the first time it is retrieved and never moved later);
    - a stored task no longer listed: GONE once (gone_at = now); one that comes back loses
      its gone_at and is not APPEARED again (STATUS_CHANGED if its status differs).

    When ``current`` lists a TaskId twice, the first wins. Statuses are stored as ints.
    """
    events: list[TaskEvent] = []
    memory: dict[str, TaskMemory] = {}
    get = previous.get
    for task in current:
        task_id = task.task_id
        if task_id in memory:
            continue
        status = int(task.status)
        prev = get(task_id)
        if prev is None:
            stored = _first_seen(task, status, now)
            events.append(
                TaskEvent(
                    TaskEventKind.APPEARED, task_id, stored, task, to_status=parse_status(status)
                )
            )
        else:
            stored = _seen_again(prev, task, status, now)
            if prev.status != status:
                events.append(
                    TaskEvent(
                        TaskEventKind.STATUS_CHANGED,
                        task_id,
                        stored,
                        task,
                        from_status=parse_status(prev.status),
                        to_status=parse_status(status),
                    )
                )
        memory[task_id] = stored
    for task_id, prev in previous.items():
        if task_id in memory:
            continue
        if prev.gone_at is None:
            stored = _gone(prev, now)
            events.append(
                TaskEvent(
                    TaskEventKind.GONE, task_id, stored, from_status=parse_status(prev.status)
                )
            )
            memory[task_id] = stored
        else:
            memory[task_id] = prev
    return TaskDiff(events, memory)


def _gone(prev: TaskMemory, now: datetime) -> TaskMemory:
    return replace(prev, gone_at=now)


def events_for(events: Iterable[TaskEvent], wanted: Iterable[NotifyEvent]) -> list[TaskEvent]:
    """The events a notify subscription asking for ``wanted`` hears about."""
    chosen = frozenset(wanted)
    return [event for event in events if event.notify_event in chosen]


def forget_gone(memory: Mapping[str, TaskMemory], gone_before: datetime) -> dict[str, TaskMemory]:
    """The memory without tasks gone before ``gone_before`` (to keep storage bounded)."""
    return {
        task_id: stored
        for task_id, stored in memory.items()
        if stored.gone_at is None or stored.gone_at >= gone_before
    }
