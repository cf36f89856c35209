"""What a parsed slash command asks for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.schedule.model import Schedule
from bot.subscriptions.model import NotifyEvent, SubscriptionKind
from bot.tasks.selection import StatusFilter


class CommandKind(Enum):
    LIST = "list"
    SHOW = "show"
    SEARCH = "search"
    SUMMARY = "summary"
    HELP = "help"
    SUBSCRIBE = "subscribe"
    SUBSCRIPTIONS = "subscriptions"
    UNSUBSCRIBE = "unsubscribe"
    PAUSE = "pause"
    RESUME = "resume"
    NEW = "new"  # open the create form
    DELETE = "delete"  # ask to confirm deleting ``task_id``
    REPORT = "report"  # the period report with charts (``report_days``)
    WATCH = "watch"  # watch ``task_id`` (direct messages to me)
    UNWATCH = "unwatch"
    WATCHING = "watching"  # my watches
    PLAY = "play"  # a fresh link to the recording of ``task_id`` (``channel_id``: one camera)
    DOWNLOAD = "download"  # a download link of up to 60 minutes of ``task_id`` (API 3.0)
    INVALID = "invalid"


class Problem(Enum):
    """Why a command is INVALID."""

    UNKNOWN_WORD = "unknown_word"
    MISSING_TASK_ID = "missing_task_id"
    MISSING_QUERY = "missing_query"
    MISSING_SCHEDULE = "missing_schedule"  # `subscribe` alone
    BAD_SCHEDULE = "bad_schedule"  # `subscribe monthly`
    BAD_WEEKDAY = "bad_weekday"  # `subscribe weekly 09:00`
    MISSING_TIME = "missing_time"  # `subscribe daily`
    BAD_TIME = "bad_time"  # `subscribe daily 25:00`
    UNKNOWN_TIMEZONE = "unknown_timezone"  # `subscribe daily 09:00 Mars/Base`
    MISSING_INTERVAL = "missing_interval"  # `subscribe every`
    BAD_INTERVAL = "bad_interval"  # `subscribe every 5m`
    BAD_EVENT = "bad_event"  # `subscribe notify exploded`
    MISSING_ID = "missing_id"  # `unsubscribe` / `pause` / `resume` alone
    BAD_ID = "bad_id"  # `pause x`
    BAD_PERIOD = "bad_period"  # `report 9d`
    BAD_CLIP = "bad_clip"  # `download <TaskId> 25:00-26:00`


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed command.

    For INVALID, ``problem`` says what is wrong and ``error`` holds the raw offending word
    (UNKNOWN_WORD, BAD_*, UNKNOWN_TIMEZONE) or the command word that lacks its argument
    (MISSING_*). Both are raw user text: escape before echoing.

    SUBSCRIBE carries ``subscription_kind``: SUMMARY with ``schedule`` (its ``timezone`` None
    when the user named none) or NOTIFY with ``events`` (canonical order, no repeats).
    UNSUBSCRIBE / PAUSE / RESUME carry ``subscription_id``; ``unsubscribe all`` sets
    ``all_subscriptions`` instead. PLAY carries ``task_id`` and, optionally, ``channel_id``;
    DOWNLOAD those and, optionally, ``clip``: its ``HH:MM-HH:MM`` as minutes after midnight in
    the person's time zone (read against the task's window by ``bot.tasks.clips``).
    """

    kind: CommandKind
    status_filter: StatusFilter = StatusFilter.ALL
    task_id: str | None = None
    query: str | None = None
    refresh: bool = False
    public: bool = False
    error: str | None = None
    problem: Problem | None = None
    subscription_kind: SubscriptionKind | None = None
    schedule: Schedule | None = None
    events: tuple[NotifyEvent, ...] = ()
    subscription_id: int | None = None
    all_subscriptions: bool = False
    report_days: int = 7
    channel_id: str | None = None  # PLAY, DOWNLOAD: the camera channel, when named
    clip: tuple[int, int] | None = None  # DOWNLOAD: (start, end) minutes after midnight
