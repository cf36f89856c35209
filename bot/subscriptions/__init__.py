"""Channel subscriptions: scheduled status summaries and task notifications."""

from bot.subscriptions.diff import (
    TaskDiff,
    TaskEvent,
    TaskEventKind,
    diff_tasks,
    events_for,
    forget_gone,
)
from bot.subscriptions.model import (
    DEFAULT_NOTIFY_EVENTS,
    PAUSED_BY_USER,
    PAUSED_CHANNEL_ARCHIVED,
    PAUSED_NOT_IN_CHANNEL,
    NotifyEvent,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from bot.subscriptions.report_input import (
    ChangedTask,
    ExpiringCopy,
    OldestPending,
    StatusReportInput,
    build_report_input,
)
from bot.subscriptions.schedules import next_run_of, subscription_schedule

__all__ = [
    "DEFAULT_NOTIFY_EVENTS",
    "PAUSED_BY_USER",
    "PAUSED_CHANNEL_ARCHIVED",
    "PAUSED_NOT_IN_CHANNEL",
    "ChangedTask",
    "ExpiringCopy",
    "NotifyEvent",
    "OldestPending",
    "StatusReportInput",
    "Subscription",
    "SubscriptionKind",
    "SubscriptionState",
    "TaskDiff",
    "TaskEvent",
    "TaskEventKind",
    "build_report_input",
    "diff_tasks",
    "events_for",
    "forget_gone",
    "next_run_of",
    "subscription_schedule",
]
