"""Parse schedule text: ``daily HH:MM [Area/City]``, ``weekdays HH:MM [Area/City]``,
``every Nh`` (1..24) and ``every Nm`` (15..1440, in steps of 5); English or Chinese words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from bot.schedule.model import (
    WEEKDAY_NAMES,
    Schedule,
    ScheduleError,
    ScheduleKind,
    ScheduleProblem,
)
from bot.schedule.zones import validate_timezone

DAILY_WORDS: tuple[str, ...] = ("daily", "每天")
WEEKDAYS_WORDS: tuple[str, ...] = ("weekdays", "工作日")
EVERY_WORDS: tuple[str, ...] = ("every", "每")
WEEKLY_WORDS: tuple[str, ...] = ("weekly", "每周")
_ZH_DAYS = ("一", "二", "三", "四", "五", "六", "日")
WEEKDAY_WORDS: dict[str, int] = {
    word: day
    for day, (short, zh) in enumerate(zip(WEEKDAY_NAMES, _ZH_DAYS, strict=True))
    for word in (
        short,
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[day],
        zh,
        f"周{zh}",
        f"星期{zh}",
        *(("天", "周天", "星期天") if zh == "日" else ()),
    )
}

MIN_INTERVAL_MINUTES = 15
MAX_INTERVAL_MINUTES = 24 * 60
INTERVAL_STEP_MINUTES = 5

_WORD_MAX = 32
_SHOWN_MAX = 64
_TIME = re.compile(r"(\d{1,2}):(\d{1,2})")
_HOUR_UNITS = ("h", "hr", "hrs", "hour", "hours", "小时", "个小时")
_MINUTE_UNITS = ("m", "min", "mins", "minute", "minutes", "分钟", "分")
_INTERVAL = re.compile(r"(\d{1,5})(" + "|".join(_HOUR_UNITS + _MINUTE_UNITS) + r")")
_NUMBER = re.compile(r"\d{1,5}")


def _key(token: str) -> str:
    """NFKC + casefold (full-width digits and colon become ASCII); long tokens match nothing."""
    if len(token) > _WORD_MAX:
        return ""
    return unicodedata.normalize("NFKC", token).casefold()


def _shown(word: str) -> str:
    return word if len(word) <= _SHOWN_MAX else word[: _SHOWN_MAX - 1] + "…"


def _error(problem: ScheduleProblem, word: str, message: str) -> ScheduleError:
    return ScheduleError(problem, word, message.format(word=_shown(word)))


def parse_time(token: str) -> tuple[int, int]:
    """``HH:MM`` (also ``9:00``) as (hour, minute); ScheduleError(BAD_TIME) otherwise."""
    match = _TIME.fullmatch(_key(token))
    if match is not None and len(match.group(2)) == 2:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour <= 23 and minute <= 59:
            return hour, minute
    raise _error(
        ScheduleProblem.BAD_TIME,
        token,
        '"{word}" is not a time: use HH:MM from 00:00 to 23:59, e.g. 09:00',
    )


def interval_minutes(amount: int, unit: str) -> int | None:
    """Minutes of an interval, or None when it is out of range."""
    if unit in _HOUR_UNITS:
        return amount * 60 if 1 <= amount <= 24 else None
    if (
        MIN_INTERVAL_MINUTES <= amount <= MAX_INTERVAL_MINUTES
        and amount % INTERVAL_STEP_MINUTES == 0
    ):
        return amount
    return None


def _bad_interval(word: str) -> ScheduleError:
    return _error(
        ScheduleProblem.BAD_INTERVAL,
        word,
        '"{word}" is not an interval: use 1h to 24h, or 15m to 1440m in steps of 5 minutes, '
        "e.g. every 4h",
    )


def _interval(words: Sequence[str], head: str) -> tuple[int, int]:
    """(minutes, tokens used) of the interval at the start of ``words``."""
    if not words:
        raise _error(
            ScheduleProblem.MISSING_INTERVAL, head, '"{word}" needs an interval, e.g. every 4h'
        )
    first = _key(words[0])
    match = _INTERVAL.fullmatch(first)
    used = 1
    if match is None and _NUMBER.fullmatch(first) and len(words) > 1:
        match = _INTERVAL.fullmatch(first + _key(words[1]))
        used = 2
    if match is None:
        raise _bad_interval(words[0])
    minutes = interval_minutes(int(match.group(1)), match.group(2))
    if minutes is None:
        raise _bad_interval(" ".join(words[:used]))
    return minutes, used


def _extra(word: str) -> ScheduleError:
    return _error(ScheduleProblem.EXTRA_WORD, word, 'Unexpected "{word}" after the schedule')


def _compact_every(head: str) -> str | None:
    """ "每4小时" written without a space: the interval part, else None."""
    if head.startswith("每") and head not in DAILY_WORDS and len(head) > 1:
        return head[1:]
    return None


def _weekly(words: Sequence[str]) -> Schedule:
    """``weekly <mon|…|sun> HH:MM [Area/City]`` (``每周 一 09:00``)."""
    if len(words) < 2 or _key(words[1]) not in WEEKDAY_WORDS:
        raise _error(
            ScheduleProblem.BAD_WEEKDAY,
            words[1] if len(words) > 1 else words[0],
            '"{word}" is not a day of the week: use mon, tue, wed, thu, fri, sat or sun, '
            "e.g. weekly mon 09:00",
        )
    if len(words) < 3:
        raise _error(
            ScheduleProblem.MISSING_TIME, words[0], '"{word}" needs a time, e.g. weekly mon 09:00'
        )
    hour, minute = parse_time(words[2])
    timezone = validate_timezone(words[3]) if len(words) > 3 else None
    if len(words) > 4:
        raise _extra(words[4])
    weekday = WEEKDAY_WORDS[_key(words[1])]
    return Schedule(ScheduleKind.WEEKLY, hour, minute, timezone=timezone, weekday=weekday)


def parse_schedule_words(words: Sequence[str]) -> Schedule:
    """A Schedule from the words of its text; raises ScheduleError with one clear line."""
    if not words:
        raise _error(
            ScheduleProblem.BAD_SCHEDULE,
            "",
            "A schedule is needed: daily HH:MM, weekdays HH:MM, weekly mon HH:MM or every Nh",
        )
    head = _key(words[0])
    if head in DAILY_WORDS or head in WEEKDAYS_WORDS:
        kind = ScheduleKind.DAILY if head in DAILY_WORDS else ScheduleKind.WEEKDAYS
        if len(words) < 2:
            raise _error(
                ScheduleProblem.MISSING_TIME, words[0], '"{word}" needs a time, e.g. daily 09:00'
            )
        hour, minute = parse_time(words[1])
        timezone = validate_timezone(words[2]) if len(words) > 2 else None
        if len(words) > 3:
            raise _extra(words[3])
        return Schedule(kind, hour, minute, timezone=timezone)
    if head in WEEKLY_WORDS:
        return _weekly(words)
    compact = _compact_every(head)
    if head in EVERY_WORDS or compact is not None:
        rest = list(words[1:]) if compact is None else [compact, *words[1:]]
        minutes, used = _interval(rest, words[0])
        if len(rest) > used:
            raise _extra(rest[used])
        return Schedule(ScheduleKind.EVERY, interval_minutes=minutes)
    raise _error(
        ScheduleProblem.BAD_SCHEDULE,
        words[0],
        '"{word}" is not a schedule: use daily HH:MM, weekdays HH:MM or every Nh',
    )


def is_schedule_word(token: str) -> bool:
    """True when ``token`` starts a schedule (daily, weekdays, every, 每4小时…)."""
    head = _key(token)
    return (
        head in DAILY_WORDS
        or head in WEEKDAYS_WORDS
        or head in EVERY_WORDS
        or head in WEEKLY_WORDS
        or _compact_every(head) is not None
    )


def parse_schedule(text: str) -> Schedule:
    """A Schedule from text such as "daily 09:00 Asia/Shanghai" or "every 4h"."""
    return parse_schedule_words(text.split() if isinstance(text, str) else [])
