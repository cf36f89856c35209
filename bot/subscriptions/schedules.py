"""Schedules of stored subscriptions (their text and zone as stored)."""

from __future__ import annotations

from datetime import datetime

from bot.schedule import Schedule, ScheduleError, next_run, parse_schedule
from bot.subscriptions.model import Subscription, SubscriptionKind


def subscription_schedule(sub: Subscription) -> Schedule | None:
    """The parsed schedule of a summary subscription (None for notify or unparsable text)."""
    if sub.kind is not SubscriptionKind.SUMMARY or not sub.schedule:
        return None
    try:
        return parse_schedule(sub.schedule)
    except ScheduleError:
        return None


def next_run_of(sub: Subscription, after: datetime) -> datetime | None:
    """The next summary of ``sub`` strictly after ``after`` (None for notify subscriptions).

    Daily/weekday times are read in ``sub.timezone``; intervals align to ``sub.created_at``.
    """
    schedule = subscription_schedule(sub)
    if schedule is None:
        return None
    try:
        return next_run(schedule, sub.timezone or "UTC", after, sub.created_at)
    except ScheduleError:
        return None
