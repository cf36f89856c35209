"""When a schedule runs next: pure, from the time passed in (never reads the clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import as_utc
from bot.schedule.model import Schedule, ScheduleKind
from bot.schedule.zones import zone

_SEARCH_DAYS = 10  # a weekday slot always exists within a week


def _offset(tz: ZoneInfo, seconds: int) -> timedelta:
    return datetime.fromtimestamp(seconds, UTC).astimezone(tz).utcoffset() or timedelta(0)


def local_instant(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the wall clock in ``tz`` shows ``day hour:minute``.

    An ambiguous time (a fold, when clocks go back) is its first occurrence. A time that
    does not exist (a gap, when clocks go forward) is the first valid instant after it: the
    moment of the transition, where the wall clock jumps past it.
    """
    wall = datetime(day.year, day.month, day.day, hour, minute)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # A gap: fold=0 reads the wall time with the offset before the jump, fold=1 with the one
    # after; the transition lies between the two readings. Find its second.
    later = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    low, high = sorted((int(first.timestamp()), int(later.timestamp())))
    after_offset = _offset(tz, high)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(tz, middle) == after_offset:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _runs_on(schedule: Schedule, day: date) -> bool:
    if schedule.kind is ScheduleKind.WEEKLY:
        return day.weekday() == schedule.weekday
    return schedule.kind is ScheduleKind.DAILY or day.weekday() < 5


def _next_clock_run(schedule: Schedule, tz: ZoneInfo, after: datetime) -> datetime:
    day = after.astimezone(tz).date() - timedelta(days=1)
    for _ in range(_SEARCH_DAYS):
        if _runs_on(schedule, day):
            run = local_instant(day, schedule.hour, schedule.minute, tz)
            if run > after:
                return run
        day += timedelta(days=1)
    raise AssertionError("no run found within ten days")  # pragma: no cover


def _next_interval_run(schedule: Schedule, after: datetime, anchor: datetime | None) -> datetime:
    step = timedelta(minutes=schedule.interval_minutes or 0)
    base = as_utc(anchor) if anchor is not None else datetime(1970, 1, 1, tzinfo=UTC)
    steps = max(1, (after - base) // step + 1)
    return base + steps * step


def next_run(
    schedule: Schedule, tz: str, after: datetime, anchor: datetime | None = None
) -> datetime:
    """The first run of ``schedule`` strictly after ``after``, in UTC.

    DAILY / WEEKDAYS run at their wall-clock time in ``schedule.timezone``, or in ``tz`` when
    the schedule names none (see ``local_instant`` for DST gaps and folds). EVERY runs at
    ``anchor`` (the subscription's creation) plus whole intervals, never at or before the
    anchor itself; without an anchor the intervals are counted from the Unix epoch.

    After a long downtime this is the next future slot, never a backlog of missed ones.
    """
    moment = as_utc(after)
    if schedule.kind is ScheduleKind.EVERY:
        return _next_interval_run(schedule, moment, anchor)
    return _next_clock_run(schedule, zone(schedule.timezone or tz), moment)


def upcoming_runs(
    schedule: Schedule, tz: str, after: datetime, count: int, anchor: datetime | None = None
) -> list[datetime]:
    """The next ``count`` runs after ``after`` (for previews and tests)."""
    runs: list[datetime] = []
    moment = after
    for _ in range(max(0, count)):
        moment = next_run(schedule, tz, moment, anchor)
        runs.append(moment)
    return runs
