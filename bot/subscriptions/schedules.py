"""Schedules of stored subscriptions (their text and zone as stored)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.schedule import Schedule, ScheduleError, next_run, parse_schedule
from bot.subscriptions.model import Subscription, SubscriptionKind

SAME_FIRINGS_HORIZON = timedelta(days=14)  # two summaries firing alike this long are one


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


def firing_instants(
    sub: Subscription, after: datetime, horizon: timedelta = SAME_FIRINGS_HORIZON
) -> tuple[datetime, ...]:
    """Every run of ``sub`` (UTC) after ``after`` and within ``horizon`` of it."""
    runs: list[datetime] = []
    moment: datetime | None = after
    while moment is not None:
        moment = next_run_of(sub, moment)
        if moment is None or moment > after + horizon:
            break
        runs.append(moment)
    return tuple(runs)


def fire_alike(a: Subscription, b: Subscription, now: datetime) -> bool:
    """Whether two summaries post at the same UTC instants for the next 14 days, whatever
    their zone names (``daily 11:45 Asia/Shanghai`` and ``daily 11:45 Asia/Taipei``)."""
    first = firing_instants(a, now)
    return bool(first) and first == firing_instants(b, now)
