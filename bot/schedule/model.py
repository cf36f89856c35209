"""A schedule of channel summaries: when they run, as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleKind(Enum):
    DAILY = "daily"  # every day at hour:minute local time
    WEEKDAYS = "weekdays"  # Monday to Friday at hour:minute local time
    EVERY = "every"  # every ``interval_minutes``, aligned to the subscription's creation
    WEEKLY = "weekly"  # on ``weekday`` (0 = Monday) at hour:minute local time: the report


class ScheduleProblem(Enum):
    """Why schedule text was refused."""

    BAD_SCHEDULE = "bad_schedule"  # not daily / weekdays / weekly / every
    MISSING_TIME = "missing_time"  # daily / weekdays / weekly <day> without a time
    BAD_WEEKDAY = "bad_weekday"  # weekly without mon…sun
    BAD_TIME = "bad_time"  # not HH:MM between 00:00 and 23:59
    UNKNOWN_TIMEZONE = "unknown_timezone"
    MISSING_INTERVAL = "missing_interval"  # every without an interval
    BAD_INTERVAL = "bad_interval"  # not 1h..24h or 15m..1440m in steps of 5 min
    EXTRA_WORD = "extra_word"  # words after a complete schedule


class ScheduleError(ValueError):
    """Schedule text that cannot be used: ``problem`` says why, ``word`` is the raw offending
    text (escape before echoing) and ``str(error)`` is one English line."""

    def __init__(self, problem: ScheduleProblem, word: str, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.word = word


class UnknownTimezoneError(ScheduleError):
    """A time zone name that is not an IANA zone."""

    def __init__(self, name: str) -> None:
        shown = name if len(name) <= 64 else name[:63] + "…"
        super().__init__(
            ScheduleProblem.UNKNOWN_TIMEZONE,
            name,
            f'Unknown time zone "{shown}": use an Area/City name such as Asia/Shanghai',
        )


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a summary runs.

    DAILY / WEEKDAYS use ``hour`` and ``minute`` in ``timezone`` (None: the zone the caller
    passes to ``next_run``, i.e. the subscriber's or the app's default). EVERY uses
    ``interval_minutes`` and ignores the time zone. ``str()`` gives the normalised text
    without the zone ("daily 09:00", "weekdays 18:30", "every 4h", "every 30m").
    """

    kind: ScheduleKind
    hour: int = 0
    minute: int = 0
    interval_minutes: int | None = None
    timezone: str | None = None
    weekday: int = 0  # WEEKLY: 0 = Monday … 6 = Sunday

    def __post_init__(self) -> None:
        if self.kind is ScheduleKind.EVERY:
            if not isinstance(self.interval_minutes, int) or self.interval_minutes <= 0:
                raise ValueError("an EVERY schedule needs a positive interval_minutes")
        elif not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ValueError("hour must be 0..23 and minute 0..59")
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) .. 6 (Sunday)")

    @property
    def time_text(self) -> str:
        """ "09:00" (DAILY / WEEKDAYS)."""
        return f"{self.hour:02d}:{self.minute:02d}"

    @property
    def interval_text(self) -> str:
        """ "4h" or "30m" (EVERY)."""
        minutes = self.interval_minutes or 0
        return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"

    def __str__(self) -> str:
        if self.kind is ScheduleKind.EVERY:
            return f"every {self.interval_text}"
        if self.kind is ScheduleKind.WEEKLY:
            return f"weekly {WEEKDAY_NAMES[self.weekday]} {self.time_text}"
        return f"{self.kind.value} {self.time_text}"

    def with_timezone(self, timezone: str | None) -> Schedule:
        return replace(self, timezone=timezone)

    def text_with_zone(self, default_tz: str | None = None) -> str:
        """The normalised text plus the zone for daily/weekdays ("daily 09:00 Asia/Shanghai")."""
        zone = self.timezone or default_tz
        if self.kind is ScheduleKind.EVERY or not zone:
            return str(self)
        return f"{self} {zone}"
