"""IVC's rules for a new task, checked before calling IVC: pure functions that say which
field is wrong and why (the same ``Refusal`` reasons IVC's own refusals map to).

"Must not cross midnight" is checked in IVC's time zone (``IVC_TIMEZONE``); IVC's own
refusal still wins if it disagrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.clock import as_utc
from bot.ivc.models import FAST_MODE, Task, TaskStatus
from bot.ivc.new_task import ChannelRef, NewTask
from bot.ivc.refusals import HINTS, Refusal

MAX_NAME_LENGTH = 32
MAX_CHANNELS = 32
MIN_EXPIRATION_DAYS, MAX_EXPIRATION_DAYS = 1, 365
MAX_WINDOW = timedelta(days=1)
MIN_WINDOW = timedelta(minutes=10)
NAME_PATTERN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9_-]+")
"""Chinese characters (CJK unified ideographs), English letters, digits, ``_`` and ``-``."""
DEFAULT_IVC_TIMEZONE = "Asia/Shanghai"
_NOT_ALLOWED = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9_-]+")


class TaskField(StrEnum):
    """The field of the create form a problem belongs to."""

    NAME = "name"
    WINDOW = "window"
    MODE = "mode"
    EXPIRATION = "expiration"
    CHANNELS = "channels"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One field IVC would refuse, the reason, and a line saying what to do (English)."""

    field: TaskField
    reason: Refusal

    @property
    def message(self) -> str:
        return HINTS[self.reason]


def check_name(name: str) -> FieldProblem | None:
    """1 to 32 characters, only Chinese, English letters, digits, ``_`` and ``-``."""
    if not name or len(name) > MAX_NAME_LENGTH or not NAME_PATTERN.fullmatch(name):
        return FieldProblem(TaskField.NAME, Refusal.NAME_INVALID)
    return None


def check_window(
    start: datetime, end: datetime, zone: ZoneInfo, now: datetime | None = None
) -> FieldProblem | None:
    """End after start, 10 minutes to one day long, within one calendar day in ``zone``, and
    (given ``now``) not starting in the future.

    A window may end exactly at the next midnight (a whole day). Naive datetimes are UTC.
    """
    start, end = _aware(start), _aware(end)
    if end <= start:
        return FieldProblem(TaskField.WINDOW, Refusal.WINDOW_INVALID)
    if now is not None and start > _aware(now):
        return FieldProblem(TaskField.WINDOW, Refusal.START_IN_FUTURE)
    if end - start > MAX_WINDOW:
        return FieldProblem(TaskField.WINDOW, Refusal.WINDOW_TOO_LONG)
    if end - start < MIN_WINDOW:
        return FieldProblem(TaskField.WINDOW, Refusal.WINDOW_TOO_SHORT)
    last_second = end - timedelta(seconds=1)
    if start.astimezone(zone).date() != last_second.astimezone(zone).date():
        return FieldProblem(TaskField.WINDOW, Refusal.WINDOW_CROSSES_MIDNIGHT)
    return None


def check_expiration(days: int) -> FieldProblem | None:
    """Days the copy is kept: 1 to 365."""
    if not MIN_EXPIRATION_DAYS <= days <= MAX_EXPIRATION_DAYS:
        return FieldProblem(TaskField.EXPIRATION, Refusal.EXPIRATION_OUT_OF_RANGE)
    return None


def check_channels(channels: tuple[ChannelRef, ...] | list[ChannelRef]) -> FieldProblem | None:
    """1 to 32 distinct channels."""
    if not 1 <= len(set(channels)) <= MAX_CHANNELS or len(channels) > MAX_CHANNELS:
        return FieldProblem(TaskField.CHANNELS, Refusal.CHANNEL_COUNT)
    return None


def check_mode(mode: int) -> FieldProblem | None:
    """Only fast mode (1) exists."""
    return None if mode == FAST_MODE else FieldProblem(TaskField.MODE, Refusal.MODE_INVALID)


def check_new_task(
    task: NewTask, zone: ZoneInfo, now: datetime | None = None
) -> tuple[FieldProblem, ...]:
    """Every rule ``task`` breaks, at most one per field, in form order (empty: valid);
    ``now`` also refuses a window starting in the future."""
    found = (
        check_name(task.name),
        check_window(task.start, task.end, zone, now),
        check_mode(task.mode),
        check_expiration(task.expiration_days),
        check_channels(task.channels),
    )
    return tuple(problem for problem in found if problem is not None)


def _aware(moment: datetime) -> datetime:
    return as_utc(moment) if moment.tzinfo is None else moment


def suggest_name(hint: str, day: date) -> str:
    """A valid task name from ``hint`` (e.g. a camera label) and the window's ``day``:
    characters IVC refuses become ``-``, ``_MMDD`` is appended (``gate-cam_0312``)."""
    stamp = f"_{day:%m%d}"
    cleaned = re.sub(r"-{2,}", "-", _NOT_ALLOWED.sub("-", hint)).strip("-_")
    stem = cleaned[: MAX_NAME_LENGTH - len(stamp)].rstrip("-_") or "retrieval"
    return stem + stamp


def deletable(task: Task) -> bool:
    """A task still retrieving cannot be deleted, so Delete is not offered for it."""
    return task.status != TaskStatus.RETRIEVING
