"""A period report from the recorded task history (pure): per day (or group of days) the
capacity retrieved, the tasks that became retrieved and how long they waited from first
seen pending; totals, the change from the period before, the slowest task and the copies
expiring in the next 7 days.

Days are calendar days in the report's time zone, the last one being today. A day before
the history begins (before the app ran, or older than its retention) is not reported as
zero: ``Report.days_unknown`` says how many of the period's days that is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.ivc.models import TaskStatus
from bot.reports.history import HistoryEvent, Sighting

MAX_CATEGORIES = 20  # Slack's limit of a chart's categories
EXPIRING_WITHIN = timedelta(days=7)
PERIODS = (7, 30)


@dataclass(frozen=True, slots=True)
class Retrieval:
    """A task seen becoming retrieved."""

    task_id: str
    name: str
    at: datetime
    capacity_mb: float
    waited: timedelta | None  # from first seen pending; None when never seen pending


@dataclass(frozen=True, slots=True)
class Bucket:
    """One chart category: ``first`` to ``last`` (inclusive days)."""

    first: date
    last: date
    retrieved: int
    capacity_mb: float
    wait_median_hours: float
    wait_p90_hours: float
    waits: int  # how many retrievals had a known wait


@dataclass(frozen=True, slots=True)
class Totals:
    retrieved: int
    capacity_mb: float


@dataclass(frozen=True, slots=True)
class Expiring:
    task_id: str
    name: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Report:
    days: int
    zone: str
    today: date
    history_from: datetime | None  # None: nothing recorded yet
    days_unknown: int  # days of the period before the history begins
    buckets: tuple[Bucket, ...]
    totals: Totals
    previous: Totals | None  # None: the period before is (partly) before the history
    slowest: Retrieval | None
    expiring: tuple[Expiring, ...]


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` percentile (nearest rank) of ``values``; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def retrievals(events: Iterable[HistoryEvent]) -> list[Retrieval]:
    """Every time a task was seen becoming retrieved (not a task already retrieved when the
    app first polled), with its wait from the first time it was seen pending."""
    by_task: dict[str, list[HistoryEvent]] = {}
    for event in events:
        by_task.setdefault(event.task_id, []).append(event)
    found: list[Retrieval] = []
    for task_events in by_task.values():
        task_events.sort(key=lambda e: e.at)
        pending_at: datetime | None = None
        for event in task_events:
            if event.status == TaskStatus.PENDING and pending_at is None:
                pending_at = event.at
            retrieved = event.status == TaskStatus.RETRIEVED
            if retrieved and event.event is not Sighting.BASELINE:
                waited = None if pending_at is None else event.at - pending_at
                found.append(
                    Retrieval(event.task_id, event.name, event.at, event.capacity_mb, waited)
                )
    return found


def _day_of(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _totals(items: Sequence[Retrieval]) -> Totals:
    return Totals(len(items), sum(r.capacity_mb for r in items))


def _bucket(first: date, last: date, items: Sequence[Retrieval]) -> Bucket:
    hours = [r.waited.total_seconds() / 3600 for r in items if r.waited is not None]
    return Bucket(
        first, last, len(items), sum(r.capacity_mb for r in items),
        round(median(hours), 2), round(percentile(hours, 0.9), 2), len(hours),
    )  # fmt: skip


def _buckets(days: list[date], items: Sequence[Retrieval], zone: ZoneInfo) -> tuple[Bucket, ...]:
    """The known days grouped into at most ``MAX_CATEGORIES`` buckets of whole days."""
    if not days:
        return ()
    span = math.ceil(len(days) / MAX_CATEGORIES)
    groups = [days[i : i + span] for i in range(0, len(days), span)]
    by_day: dict[date, list[Retrieval]] = {}
    for item in items:
        by_day.setdefault(_day_of(item.at, zone), []).append(item)
    return tuple(
        _bucket(group[0], group[-1], [r for day in group for r in by_day.get(day, ())])
        for group in groups
    )


def _expiring(
    events: Sequence[HistoryEvent], now: datetime, listed: set[str] | None
) -> tuple[Expiring, ...]:
    """Copies whose estimated expiry (first seen retrieved + days kept) is within 7 days."""
    latest: dict[str, HistoryEvent] = {}
    first_retrieved: dict[str, datetime] = {}
    for event in sorted(events, key=lambda e: e.at):
        latest[event.task_id] = event
        if event.status == TaskStatus.RETRIEVED:
            first_retrieved.setdefault(event.task_id, event.at)
    found = []
    for task_id, event in latest.items():
        if event.status != TaskStatus.RETRIEVED or (listed is not None and task_id not in listed):
            continue
        expires = first_retrieved[task_id] + timedelta(days=event.expiration_days)
        if now < expires <= now + EXPIRING_WITHIN:
            found.append(Expiring(task_id, event.name, expires))
    return tuple(sorted(found, key=lambda e: (e.expires_at, e.task_id)))


def build_report(
    events: Sequence[HistoryEvent],
    *,
    now: datetime,
    days: int,
    zone: str = "UTC",
    listed: set[str] | None = None,
) -> Report:
    """The report of the ``days`` days ending today (in ``zone``) from the recorded events;
    ``listed``: the TaskIds IVC lists now (expiring copies of other tasks are gone)."""
    tz = ZoneInfo(zone)
    today = _day_of(now, tz)
    period = [today - timedelta(days=days - 1 - i) for i in range(days)]
    start = datetime.combine(period[0], time(), tz)
    before = start - timedelta(days=days)
    history_from = min((e.at for e in events), default=None)
    known_from = None if history_from is None else _day_of(history_from, tz)
    known = [d for d in period if known_from is not None and d >= known_from]
    found = retrievals(events)
    in_period = [r for r in found if r.at >= start and r.at <= now]
    earlier = [r for r in found if before <= r.at < start]
    waited = [r for r in in_period if r.waited is not None]
    return Report(
        days=days,
        zone=zone,
        today=today,
        history_from=history_from,
        days_unknown=days - len(known),
        buckets=_buckets(known, in_period, tz),
        totals=_totals(in_period),
        previous=_totals(earlier) if history_from is not None and history_from <= before else None,
        slowest=max(waited, key=lambda r: (r.waited or timedelta(), r.task_id), default=None),
        expiring=_expiring(events, now, listed),
    )
