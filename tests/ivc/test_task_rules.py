"""The client-side rules say which field IVC would refuse and why, before any call; they
agree with the simulator's own statement of IVC's rules."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.ivc.new_task import ChannelRef, NewTask
from bot.ivc.refusals import HINTS, Refusal
from bot.ivc.task_rules import (
    TaskField,
    check_channels,
    check_expiration,
    check_name,
    check_new_task,
    check_window,
    suggest_name,
)
from bot.simulator.writes import SimRefusal, check_create

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
NOW = datetime(2025, 9, 3, 4, 0, tzinfo=UTC)
REFS = tuple(ChannelRef("dev", str(i)) for i in range(40))


def _task(**change):
    base = {
        "name": "gate_0901",
        "start": DAY,
        "end": DAY + timedelta(hours=1),
        "expiration_days": 7,
        "channels": REFS[:2],
    }
    return NewTask(**{**base, **change})


@pytest.mark.parametrize("name", ["a", "Gate-01_B", "北京朝阳门店-前门_0312", "x" * 32])
def test_valid_names(name):
    assert check_name(name) is None


@pytest.mark.parametrize(
    "name", ["", "front gate", "gate🚪", "x" * 33, "gate.01", "<!channel>", "名前テスト"]
)
def test_invalid_names(name):
    problem = check_name(name)
    assert problem is not None
    assert (problem.field, problem.reason) == (TaskField.NAME, Refusal.NAME_INVALID)
    assert problem.message == HINTS[Refusal.NAME_INVALID]


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (DAY, DAY + timedelta(hours=8), None),
        (DAY, DAY, Refusal.WINDOW_INVALID),
        (DAY, DAY - timedelta(seconds=1), Refusal.WINDOW_INVALID),
        (DAY, DAY + timedelta(days=1, seconds=1), Refusal.WINDOW_TOO_LONG),
        # 23:00 -> 01:00 in Shanghai (15:00 -> 17:00 UTC): crosses IVC's midnight
        (DAY + timedelta(hours=13), DAY + timedelta(hours=15), Refusal.WINDOW_CROSSES_MIDNIGHT),
        # 23:00 UTC -> 01:00 UTC crosses UTC midnight, not Shanghai's (07:00 -> 09:00)
        (DAY + timedelta(hours=21), DAY + timedelta(hours=23), None),
        # a whole Shanghai day, ending exactly at midnight
        (datetime(2025, 8, 31, 16, tzinfo=UTC), datetime(2025, 9, 1, 16, tzinfo=UTC), None),
        (
            datetime(2025, 8, 31, 16, tzinfo=UTC),
            datetime(2025, 9, 1, 16, 0, 1, tzinfo=UTC),
            Refusal.WINDOW_TOO_LONG,
        ),
    ],
)
def test_windows_in_ivc_time_zone(start, end, reason):
    problem = check_window(start, end, SHANGHAI)
    assert (problem.reason if problem else None) is reason


def test_midnight_follows_the_configured_zone():
    start, end = DAY + timedelta(hours=21), DAY + timedelta(hours=23)
    assert check_window(start, end, SHANGHAI) is None
    problem = check_window(start, end, ZoneInfo("UTC"))
    assert problem is not None and problem.reason is Refusal.WINDOW_CROSSES_MIDNIGHT


@pytest.mark.parametrize(
    ("days", "ok"), [(0, False), (1, True), (7, True), (365, True), (366, False)]
)
def test_expiration(days, ok):
    assert (check_expiration(days) is None) is ok


@pytest.mark.parametrize(("count", "ok"), [(0, False), (1, True), (32, True), (33, False)])
def test_channel_count(count, ok):
    assert (check_channels(REFS[:count]) is None) is ok


def test_a_valid_task_has_no_problem_and_an_invalid_one_names_each_field():
    assert check_new_task(_task(), SHANGHAI) == ()
    problems = check_new_task(_task(name="bad name", expiration_days=0, channels=()), SHANGHAI)
    assert [p.field for p in problems] == [TaskField.NAME, TaskField.EXPIRATION, TaskField.CHANNELS]


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"name": "bad name"},
        {"name": "y" * 33},
        {"end": DAY + timedelta(days=2)},
        {"start": DAY + timedelta(hours=13), "end": DAY + timedelta(hours=15)},
        {"start": DAY + timedelta(hours=21), "end": DAY + timedelta(hours=23)},
        {"end": DAY},
        {"expiration_days": 366},
        {"channels": REFS[:33]},
        {"channels": ()},
        {"end": DAY + timedelta(minutes=9)},
        {"end": DAY + timedelta(minutes=10)},
        {"start": NOW + timedelta(minutes=1), "end": NOW + timedelta(hours=1)},
    ],
)
def test_the_rules_agree_with_the_simulators_statement_of_them(change):
    task = _task(**change)
    problems = check_new_task(task, SHANGHAI, NOW)
    try:
        check_create(task.body(with_describe=True), with_describe=True, now=NOW.timestamp())
        refused = None
    except SimRefusal as refusal:
        refused = refusal.code
    assert (problems == ()) is (refused is None), (problems, refused)


@pytest.mark.parametrize(
    "hint",
    ["front gate · CH01", "<!channel> 前门", "🚪🚪🚪", "", "x" * 80, "北京朝阳门店-前门"],
)
def test_suggested_names_are_valid(hint):
    name = suggest_name(hint, date(2025, 3, 12))
    assert check_name(name) is None and name.endswith("_0312")
