"""Whether a task's footage can be played now (pure): retrieved, and its copy not expired by
the same estimate the summaries use (first seen retrieved + the days the copy is kept)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import Enum

from bot.ivc.models import Channel, ChannelStatus, Task, TaskDetails, TaskStatus
from bot.tasks.memory import TaskMemory, estimated_expiry

MAX_CHANNEL_ID = 80  # "<TaskId>|<ChannelId>" must fit a button value (150 characters)
MAX_TASK_ID = 64


class PlayState(Enum):
    """Why a task can or cannot be played now."""

    PLAYABLE = "playable"
    NOT_RETRIEVED = "not_retrieved"
    EXPIRED = "expired"


def play_state(task: Task, stored: TaskMemory | None, now: datetime) -> PlayState:
    """PLAYABLE for a retrieved task whose copy has not expired (estimated; no memory of the
    task: not expired as far as the app knows, and IVC has the last word)."""
    if task.status != TaskStatus.RETRIEVED:
        return PlayState.NOT_RETRIEVED
    expiry = estimated_expiry(stored) if stored is not None else None
    if expiry is not None and now >= expiry:
        return PlayState.EXPIRED
    return PlayState.PLAYABLE


def expired_copies(
    tasks: Iterable[Task], stored: Mapping[str, TaskMemory] | None, now: datetime
) -> frozenset[str]:
    """TaskIds of the retrieved ``tasks`` whose copy has expired by the estimate (their cards
    offer no Play)."""
    if not stored:
        return frozenset()
    return frozenset(
        task.task_id
        for task in tasks
        if task.status == TaskStatus.RETRIEVED
        and play_state(task, stored.get(task.task_id), now) is PlayState.EXPIRED
    )


def playable_channels(details: TaskDetails) -> tuple[Channel, ...]:
    """The task's channels with a retrieved recording (an id short enough to name in a
    button), each once, in the task's order."""
    seen: set[str] = set()
    found: list[Channel] = []
    for channel in details.channels:
        cid = channel.channel_id
        if channel.status != ChannelStatus.RETRIEVED or not cid or len(cid) > MAX_CHANNEL_ID:
            continue
        if cid not in seen:
            seen.add(cid)
            found.append(channel)
    return tuple(found)
