"""Parsing schedule text and time zones."""

import pytest

from bot.schedule import (
    Schedule,
    ScheduleError,
    ScheduleKind,
    ScheduleProblem,
    UnknownTimezoneError,
    parse_schedule,
    validate_timezone,
)


@pytest.mark.parametrize(
    ("text", "expected", "normalised"),
    [
        ("daily 09:00", Schedule(ScheduleKind.DAILY, 9, 0), "daily 09:00"),
        ("DAILY 9:05", Schedule(ScheduleKind.DAILY, 9, 5), "daily 09:05"),
        ("每天 ０９：００", Schedule(ScheduleKind.DAILY, 9, 0), "daily 09:00"),
        ("weekdays 18:30", Schedule(ScheduleKind.WEEKDAYS, 18, 30), "weekdays 18:30"),
        ("工作日 18:30", Schedule(ScheduleKind.WEEKDAYS, 18, 30), "weekdays 18:30"),
        ("daily 00:00", Schedule(ScheduleKind.DAILY, 0, 0), "daily 00:00"),
        ("daily 23:59", Schedule(ScheduleKind.DAILY, 23, 59), "daily 23:59"),
        ("every 4h", Schedule(ScheduleKind.EVERY, interval_minutes=240), "every 4h"),
        ("every 1h", Schedule(ScheduleKind.EVERY, interval_minutes=60), "every 1h"),
        ("every 24h", Schedule(ScheduleKind.EVERY, interval_minutes=1440), "every 24h"),
        ("every 4 hours", Schedule(ScheduleKind.EVERY, interval_minutes=240), "every 4h"),
        ("every 30m", Schedule(ScheduleKind.EVERY, interval_minutes=30), "every 30m"),
        ("every 15 min", Schedule(ScheduleKind.EVERY, interval_minutes=15), "every 15m"),
        ("every 120m", Schedule(ScheduleKind.EVERY, interval_minutes=120), "every 2h"),
        ("每 4h", Schedule(ScheduleKind.EVERY, interval_minutes=240), "every 4h"),
        ("每 4 小时", Schedule(ScheduleKind.EVERY, interval_minutes=240), "every 4h"),
        ("每4小时", Schedule(ScheduleKind.EVERY, interval_minutes=240), "every 4h"),
        ("每 30 分钟", Schedule(ScheduleKind.EVERY, interval_minutes=30), "every 30m"),
    ],
)
def test_schedules_parse_and_normalise(text: str, expected: Schedule, normalised: str) -> None:
    schedule = parse_schedule(text)
    assert schedule == expected
    assert str(schedule) == normalised
    assert parse_schedule(str(schedule)) == schedule


def test_a_time_zone_is_kept_apart_from_the_text() -> None:
    schedule = parse_schedule("daily 09:00 Asia/Shanghai")
    assert schedule.timezone == "Asia/Shanghai"
    assert str(schedule) == "daily 09:00"
    assert schedule.text_with_zone() == "daily 09:00 Asia/Shanghai"
    assert parse_schedule("daily 09:00").text_with_zone("UTC") == "daily 09:00 UTC"
    assert parse_schedule("every 4h").text_with_zone("Asia/Shanghai") == "every 4h"


def test_time_zone_names_are_matched_case_insensitively() -> None:
    assert parse_schedule("weekdays 18:30 america/new_york").timezone == "America/New_York"


@pytest.mark.parametrize(
    ("text", "problem", "word"),
    [
        ("daily 25:00", ScheduleProblem.BAD_TIME, "25:00"),
        ("daily 24:00", ScheduleProblem.BAD_TIME, "24:00"),
        ("daily 9", ScheduleProblem.BAD_TIME, "9"),
        ("daily 09:60", ScheduleProblem.BAD_TIME, "09:60"),
        ("daily 9:5", ScheduleProblem.BAD_TIME, "9:5"),
        ("daily 9am", ScheduleProblem.BAD_TIME, "9am"),
        ("daily -1:00", ScheduleProblem.BAD_TIME, "-1:00"),
        ("daily", ScheduleProblem.MISSING_TIME, "daily"),
        ("weekdays", ScheduleProblem.MISSING_TIME, "weekdays"),
        ("daily 09:00 Mars/Base", ScheduleProblem.UNKNOWN_TIMEZONE, "Mars/Base"),
        ("daily 09:00 Asia/Shanghai now", ScheduleProblem.EXTRA_WORD, "now"),
        ("every", ScheduleProblem.MISSING_INTERVAL, "every"),
        ("every 0h", ScheduleProblem.BAD_INTERVAL, "0h"),
        ("every 25h", ScheduleProblem.BAD_INTERVAL, "25h"),
        ("every 10m", ScheduleProblem.BAD_INTERVAL, "10m"),
        ("every 17m", ScheduleProblem.BAD_INTERVAL, "17m"),
        ("every 1445m", ScheduleProblem.BAD_INTERVAL, "1445m"),
        ("every often", ScheduleProblem.BAD_INTERVAL, "often"),
        ("every 4h please", ScheduleProblem.EXTRA_WORD, "please"),
        ("monthly 09:00", ScheduleProblem.BAD_SCHEDULE, "monthly"),
        ("weekly 09:00", ScheduleProblem.BAD_WEEKDAY, "09:00"),
        ("weekly mon", ScheduleProblem.MISSING_TIME, "weekly"),
        ("", ScheduleProblem.BAD_SCHEDULE, ""),
    ],
)
def test_bad_schedules_say_why_in_one_line(text: str, problem: ScheduleProblem, word: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text)
    assert caught.value.problem is problem
    assert caught.value.word == word
    assert "\n" not in str(caught.value) and str(caught.value)


@pytest.mark.parametrize("time", ["25:00", "9", "09:60"])
def test_bad_time_messages(time: str) -> None:
    with pytest.raises(ScheduleError, match="is not a time") as caught:
        parse_schedule(f"daily {time}")
    assert str(caught.value) == (
        f'"{time}" is not a time: use HH:MM from 00:00 to 23:59, e.g. 09:00'
    )


def test_schedule_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):
        parse_schedule("daily 25:00")


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Asia/Shanghai", "Asia/Shanghai"),
        ("asia/shanghai", "Asia/Shanghai"),
        ("America/New_York", "America/New_York"),
        ("UTC", "UTC"),
        ("Europe/London", "Europe/London"),
    ],
)
def test_known_zones(name: str, canonical: str) -> None:
    assert validate_timezone(name) == canonical


@pytest.mark.parametrize(
    "name",
    [
        "Mars/Base",
        "",
        "   ",
        "../../etc/passwd",
        "/etc/localtime",
        "Asia/Shanghai\x00",
        "a" * 500,
        "Asia/Shang hai",
        "<!here>",
    ],
)
def test_unknown_zones_are_refused_clearly(name: str) -> None:
    with pytest.raises(UnknownTimezoneError) as caught:
        validate_timezone(name)
    assert caught.value.problem is ScheduleProblem.UNKNOWN_TIMEZONE
    assert str(caught.value).startswith("Unknown time zone ")
    assert str(caught.value).endswith(": use an Area/City name such as Asia/Shanghai")
    assert len(str(caught.value)) < 200


def test_unknown_zone_message_is_exact() -> None:
    with pytest.raises(UnknownTimezoneError) as caught:
        validate_timezone("Mars/Base")
    assert str(caught.value) == (
        'Unknown time zone "Mars/Base": use an Area/City name such as Asia/Shanghai'
    )


def test_schedule_refuses_impossible_values() -> None:
    with pytest.raises(ValueError):
        Schedule(ScheduleKind.DAILY, 24, 0)
    with pytest.raises(ValueError):
        Schedule(ScheduleKind.EVERY)


@pytest.mark.parametrize(
    ("text", "weekday", "zone"),
    [
        ("weekly mon 09:00", 0, None),
        ("weekly Sunday 18:30 Asia/Shanghai", 6, "Asia/Shanghai"),
        ("每周 一 09:00", 0, None),
        ("每周 周五 09:00", 4, None),
        ("每周 日 09:00", 6, None),
    ],
)
def test_weekly_schedules(text: str, weekday: int, zone: str | None) -> None:
    schedule = parse_schedule(text)
    assert schedule.kind is ScheduleKind.WEEKLY and schedule.weekday == weekday
    assert schedule.timezone == zone
    assert parse_schedule(str(schedule)) == schedule.with_timezone(None)
