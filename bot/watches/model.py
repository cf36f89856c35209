"""Plain typed data of a watch: who follows which task, and where its messages stand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

DEFAULT_MAX_WATCHES_PER_USER = 200
DEFAULT_REMINDER_HOURS = 24.0
ENDS_AFTER_GONE_DAYS = 7  # a watch of a task no longer listed ends this long after


class WatchState(Enum):
    ACTIVE = "active"
    PAUSED = "paused"  # Slack refused the direct message: ``paused_reason`` says why
    ENDED = "ended"  # the task has been gone a week


# Slack errors that mean "this person cannot get a direct message from the app": the watches
# of that person pause with the error as their reason instead of retrying forever.
DM_REFUSALS = frozenset(
    {
        "user_disabled",
        "user_not_found",
        "cannot_dm_bot",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "messages_tab_disabled",
    }
)


@dataclass(frozen=True, slots=True)
class Watch:
    """One person's watch of one task, keyed by workspace, user and TaskId.

    ``expiry_only``: watched when the task was already retrieved (only the expiry reminder
    is sent). ``thread_ts``: the first direct message about the task (later ones reply in its
    thread). ``remind_at``: when the expiry reminder is due; ``reminded_at``: when it was sent.
    """

    workspace_id: str
    user_id: str
    task_id: str
    created_at: datetime
    state: WatchState = WatchState.ACTIVE
    paused_reason: str | None = None
    expiry_only: bool = False
    thread_ts: str | None = None
    remind_at: datetime | None = None
    reminded_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WatchedTask:
    """A watch as ``watching`` and the Home tab show it: the task's name and status as
    listed now (None: no longer listed) and its copy's estimated expiry when retrieved."""

    watch: Watch
    name: str | None = None
    status: int | None = None
    expires_at: datetime | None = None
