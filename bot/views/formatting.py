"""Formatting values for display: numbers, capacity, ages, dates, mode, status."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from bot.clock import as_utc
from bot.ivc.models import FAST_MODE, ChannelStatus
from bot.tasks.selection import StatusGroup, group_of_status
from bot.views.i18n import label

_UNITS = ("MB", "GB", "TB")
_DATE_FORMAT = "{date_short_pretty} {time}"

STATUS_EMOJI: dict[StatusGroup, str] = {
    StatusGroup.RETRIEVING: ":hourglass_flowing_sand:",
    StatusGroup.PENDING: ":clock3:",
    StatusGroup.RETRIEVED: ":white_check_mark:",
    StatusGroup.UNKNOWN: ":grey_question:",
}
_NO_ARCHIVE_EMOJI = ":no_entry_sign:"


def number(value: int) -> str:
    """An integer with thousands separators: 1,234."""
    return f"{value:,}"


def capacity(megabytes: float, lang: str = "en") -> str:
    """Human-readable size from MB, 1024-based, one decimal (512.0 MB, 1.5 GB, 2.0 TB)."""
    if not isinstance(megabytes, int | float) or not math.isfinite(megabytes) or megabytes < 0:
        return label(lang, "capacity.none")
    if megabytes == 0:
        return "0 MB"
    value, unit = float(megabytes), _UNITS[0]
    for next_unit in _UNITS[1:]:
        if value < 1024:
            break
        value, unit = value / 1024, next_unit
    if value < 0.05:
        return f"< 0.1 {unit}"
    return f"{value:,.1f} {unit}"


def _whole_units(seconds: float) -> tuple[str, int]:
    """The largest whole unit for an age: seconds, minutes, hours or days."""
    whole = int(max(0.0, seconds)) if math.isfinite(seconds) else 0
    if whole < 60:
        return "seconds", whole
    if whole < 3600:
        return "minutes", whole // 60
    if whole < 86400:
        return "hours", whole // 3600
    return "days", whole // 86400


def updated_ago(seconds: float, lang: str = "en") -> str:
    """E.g. "updated 12 s ago" / "更新于 12 秒前"."""
    unit, amount = _whole_units(seconds)
    return label(lang, f"age.{unit}", n=number(amount))


def ago(seconds: float, lang: str = "en") -> str:
    """E.g. "4 min ago" / "4 分钟前"."""
    unit, amount = _whole_units(seconds)
    return label(lang, f"ago.{unit}", n=number(amount))


def date_token(moment: datetime) -> str:
    """A Slack date token showing ``moment`` in the reader's time zone, UTC text as fallback."""
    utc = moment if moment.tzinfo is UTC else as_utc(moment)
    seconds = int(utc.timestamp())
    if seconds < 0:
        return utc.strftime("%Y-%m-%d %H:%M UTC")
    # the strftime text above, formatted directly (years from 1970 have four digits)
    return (
        f"<!date^{seconds}^{_DATE_FORMAT}|{utc.year}-{utc.month:02}-{utc.day:02} "
        f"{utc.hour:02}:{utc.minute:02} UTC>"
    )


def time_window(start: datetime, end: datetime) -> str:
    """Start and end of a recording window as date tokens."""
    return f"{date_token(start)} – {date_token(end)}"


def mode(value: int, lang: str = "en") -> str:
    """Mode 1 is "Fast" ("极速"); any other value shows as "Mode N"."""
    if value == FAST_MODE:
        return label(lang, "mode.fast")
    return label(lang, "mode.unknown", value=value)


def expiration(days: int, lang: str = "en") -> str:
    """E.g. "kept 10 days" / "保留 10 天"."""
    return label(lang, "expiration.day") if days == 1 else label(lang, "expiration.days", days=days)


def task_status(status: int, lang: str = "en") -> str:
    """Emoji plus label for a task status; unknown values show the raw number."""
    group = group_of_status(status)
    if group is StatusGroup.UNKNOWN:
        unknown = label(lang, "status.unknown", value=int(status))
        return f"{STATUS_EMOJI[StatusGroup.UNKNOWN]} {unknown}"
    return group_label(group, lang)


def channel_status(status: int, lang: str = "en") -> str:
    """Like ``task_status`` but knows 3 = no archived recording."""
    if status == ChannelStatus.NO_ARCHIVE:
        return f"{_NO_ARCHIVE_EMOJI} {label(lang, 'status.no_archive')}"
    return task_status(status, lang)


def group_label(group: StatusGroup, lang: str = "en") -> str:
    """Emoji plus label of a display group (for the summary)."""
    key = "status.unknown_group" if group is StatusGroup.UNKNOWN else f"status.{group.name.lower()}"
    return f"{STATUS_EMOJI[group]} {label(lang, key)}"
