"""A clip of a retrieved task's footage to download (pure): at most 60 minutes inside the
task's window, by default its first 60 minutes; a command's ``HH:MM-HH:MM`` is read in the
person's time zone against the task's window, so a window that spans two local days still
finds its clip. Every clip is checked here before any IVC call, whatever sent it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.ivc.downloads import MAX_CLIP_SECONDS
from bot.ivc.models import Task

MINUTES_A_DAY = 24 * 60


class ClipProblem(StrEnum):
    """Why a clip cannot be downloaded (each has one line in both languages)."""

    EMPTY = "empty"  # the end does not come after the start
    TOO_LONG = "too_long"  # more than 60 minutes
    OUTSIDE = "outside"  # not inside the task's window


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def first_clip(task: Task) -> tuple[int, int]:
    """The task's first 60 minutes (all of it when shorter), in Unix seconds."""
    start = _seconds(task.start)
    return start, min(_seconds(task.end), start + MAX_CLIP_SECONDS)


def span_problem(start: int, end: int) -> ClipProblem | None:
    """What is wrong with ``start``–``end`` (Unix seconds) as any clip: empty, or too long."""
    if end <= start:
        return ClipProblem.EMPTY
    if end - start > MAX_CLIP_SECONDS:
        return ClipProblem.TOO_LONG
    return None


def clip_problem(task: Task, start: int, end: int) -> ClipProblem | None:
    """What is wrong with ``start``–``end`` (Unix seconds) as a clip of ``task``, if anything."""
    problem = span_problem(start, end)
    if problem is not None:
        return problem
    if start < _seconds(task.start) or end > _seconds(task.end):
        return ClipProblem.OUTSIDE
    return None


def clip_at(task: Task, clock: tuple[int, int], zone: ZoneInfo) -> tuple[int, int] | ClipProblem:
    """The clip a command's ``HH:MM-HH:MM`` (``clock``: minutes after midnight in ``zone``)
    names within ``task``'s window, or why there is none. The start is the first moment of
    the task's window showing that time in ``zone``; the end follows it (past midnight when
    the end's time is earlier)."""
    first, last = clock
    length = (last - first) % MINUTES_A_DAY * 60
    if length == 0:
        return ClipProblem.EMPTY
    if length > MAX_CLIP_SECONDS:
        return ClipProblem.TOO_LONG
    task_start, task_end = _seconds(task.start), _seconds(task.end)
    day = task.start.astimezone(zone).date() - timedelta(days=1)
    while day <= task.end.astimezone(zone).date():
        at = datetime.combine(day, time(first // 60, first % 60), tzinfo=zone)
        start = _seconds(at)
        if task_start <= start < task_end:
            end = start + length
            return clip_problem(task, start, end) or (start, end)
        day += timedelta(days=1)
    return ClipProblem.OUTSIDE
