"""Summary schedules: parsing ``daily 09:00 Asia/Shanghai`` / ``every 4h`` and their runs."""

from bot.schedule.model import (
    Schedule,
    ScheduleError,
    ScheduleKind,
    ScheduleProblem,
    UnknownTimezoneError,
)
from bot.schedule.parse import (
    DAILY_WORDS,
    EVERY_WORDS,
    WEEKDAYS_WORDS,
    is_schedule_word,
    parse_schedule,
    parse_schedule_words,
    parse_time,
)
from bot.schedule.runs import local_instant, next_run, upcoming_runs
from bot.schedule.zones import validate_timezone

__all__ = [
    "DAILY_WORDS",
    "EVERY_WORDS",
    "WEEKDAYS_WORDS",
    "Schedule",
    "ScheduleError",
    "ScheduleKind",
    "ScheduleProblem",
    "UnknownTimezoneError",
    "is_schedule_word",
    "local_instant",
    "next_run",
    "parse_schedule",
    "parse_schedule_words",
    "parse_time",
    "upcoming_runs",
    "validate_timezone",
]
