"""Plain typed data of subscriptions and of what the app remembers about tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from bot.ivc.models import TaskStatus


class SubscriptionKind(Enum):
    SUMMARY = "summary"
    NOTIFY = "notify"


class SubscriptionState(Enum):
    ACTIVE = "active"
    PAUSED = "paused"


class NotifyEvent(Enum):
    """What a notify subscription asks to hear about."""

    APPEARED = "appeared"  # a task the app has not seen before
    PENDING = "pending"  # a task became pending
    RETRIEVING = "retrieving"  # a task became retrieving
    RETRIEVED = "retrieved"  # a task became retrieved


DEFAULT_NOTIFY_EVENTS = (NotifyEvent.APPEARED, NotifyEvent.RETRIEVED)

_EVENT_OF_STATUS: dict[int, NotifyEvent] = {
    TaskStatus.PENDING: NotifyEvent.PENDING,
    TaskStatus.RETRIEVING: NotifyEvent.RETRIEVING,
    TaskStatus.RETRIEVED: NotifyEvent.RETRIEVED,
}


def event_of_status(status: TaskStatus | int) -> NotifyEvent | None:
    """The notify event of a task becoming ``status`` (None for a status the app does not know)."""
    return _EVENT_OF_STATUS.get(int(status))


# Known values of ``Subscription.paused_reason`` (the views explain these in both languages;
# any other text is shown escaped as it is).
PAUSED_BY_USER = "by_user"  # someone used ``pause <id>``
PAUSED_NOT_IN_CHANNEL = "not_in_channel"  # the bot was removed from / never joined the channel
PAUSED_CHANNEL_ARCHIVED = "channel_archived"


@dataclass(frozen=True, slots=True)
class Subscription:
    """One subscription of one channel.

    ``schedule`` is the normalised schedule text of a summary ("daily 09:00", "weekdays 18:30",
    "every 4h"); ``events`` the notify events. Times are timezone-aware UTC.
    """

    id: int
    workspace_id: str
    channel_id: str
    kind: SubscriptionKind
    timezone: str
    schedule: str | None = None
    events: tuple[NotifyEvent, ...] = ()
    state: SubscriptionState = SubscriptionState.ACTIVE
    paused_reason: str | None = None
    next_run_at: datetime | None = None
    last_summary_at: datetime | None = None
    created_by: str = ""
    created_at: datetime | None = None
