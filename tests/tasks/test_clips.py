"""A clip of a task's window: the first 60 minutes by default, at most 60 minutes inside the
window, and a command's HH:MM-HH:MM read in the person's zone (across local midnight too)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.tasks.clips import ClipProblem, clip_at, clip_problem, first_clip, span_problem
from tests.support.tasks import make_task

# 22:00–02:00 in Paris (summer, UTC+2): a window across Paris's midnight, within Beijing's day.
START = datetime(2024, 6, 1, 20, 0, tzinfo=UTC)
TASK = make_task(start=START, end=START + timedelta(hours=4))
PARIS = ZoneInfo("Europe/Paris")
S = int(START.timestamp())


def test_the_first_60_minutes_or_the_whole_of_a_shorter_task() -> None:
    assert first_clip(TASK) == (S, S + 3600)
    short = make_task(start=START, end=START + timedelta(minutes=25))
    assert first_clip(short) == (S, S + 1500)


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (S, S + 3600, None),
        (S + 600, S + 600, ClipProblem.EMPTY),
        (S + 600, S + 60, ClipProblem.EMPTY),
        (S, S + 3601, ClipProblem.TOO_LONG),
        (S - 60, S + 600, ClipProblem.OUTSIDE),
        (S + 4 * 3600 - 60, S + 4 * 3600 + 60, ClipProblem.OUTSIDE),
    ],
)
def test_clip_problems(start: int, end: int, problem: ClipProblem | None) -> None:
    assert clip_problem(TASK, start, end) is problem
    assert span_problem(start, end) is (None if problem is ClipProblem.OUTSIDE else problem)


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ((22 * 60, 22 * 60 + 30), (S, S + 1800)),
        ((23 * 60 + 50, 40), (S + 6600, S + 9600)),  # 23:50–00:40, across Paris's midnight
        ((60, 120), (S + 3 * 3600, S + 4 * 3600)),  # 01:00–02:00: the next local day
        ((21 * 60, 21 * 60 + 30), ClipProblem.OUTSIDE),
        ((60 + 30, 2 * 60 + 30), ClipProblem.OUTSIDE),  # ends after the task
        ((22 * 60, 23 * 60 + 1), ClipProblem.TOO_LONG),
        ((23 * 60, 22 * 60), ClipProblem.TOO_LONG),  # 23 hours
    ],
)
def test_a_commands_clock_is_read_against_the_task_in_the_zone(
    clock: tuple[int, int], expected: tuple[int, int] | ClipProblem
) -> None:
    assert clip_at(TASK, clock, PARIS) == expected
