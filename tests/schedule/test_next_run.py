"""When a schedule runs next, across days, weekends and DST changes (no clock reads)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.schedule import local_instant, next_run, parse_schedule, upcoming_runs

NY = ZoneInfo("America/New_York")


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_daily_in_shanghai_runs_at_one_utc_every_day() -> None:
    schedule = parse_schedule("daily 09:00 Asia/Shanghai")
    runs = upcoming_runs(schedule, "UTC", utc(2024, 5, 1, 0, 30), 4)
    assert runs == [utc(2024, 5, d, 1, 0) for d in (1, 2, 3, 4)]


def test_the_schedule_zone_wins_over_the_callers() -> None:
    schedule = parse_schedule("daily 09:00 Asia/Shanghai")
    assert next_run(schedule, "America/New_York", utc(2024, 5, 1, 2)) == utc(2024, 5, 2, 1)


def test_without_a_zone_the_callers_zone_is_used() -> None:
    schedule = parse_schedule("daily 09:00")
    assert next_run(schedule, "Asia/Shanghai", utc(2024, 5, 1, 2)) == utc(2024, 5, 2, 1)
    assert next_run(schedule, "UTC", utc(2024, 5, 1, 2)) == utc(2024, 5, 1, 9)


def test_runs_are_strictly_after() -> None:
    schedule = parse_schedule("daily 09:00 Asia/Shanghai")
    assert next_run(schedule, "UTC", utc(2024, 5, 1, 1)) == utc(2024, 5, 2, 1)
    assert next_run(schedule, "UTC", utc(2024, 5, 1, 0, 59, 59)) == utc(2024, 5, 1, 1)


def test_a_long_downtime_gives_one_next_slot_not_a_backlog() -> None:
    schedule = parse_schedule("daily 09:00 Asia/Shanghai")
    last_run = utc(2024, 5, 1, 1)
    back_up = last_run + timedelta(days=9, hours=5)  # nine slots were missed
    assert next_run(schedule, "UTC", back_up) == utc(2024, 5, 11, 1)
    interval = parse_schedule("every 4h")
    anchor = utc(2024, 5, 1, 0, 10)
    assert next_run(interval, "UTC", anchor + timedelta(days=3, minutes=7), anchor) == (
        anchor + timedelta(days=3, hours=4)
    )


def test_naive_after_is_taken_as_utc() -> None:
    schedule = parse_schedule("daily 09:00 Asia/Shanghai")
    assert next_run(schedule, "UTC", datetime(2024, 5, 1, 0, 30)) == utc(2024, 5, 1, 1)


def test_results_are_utc() -> None:
    run = next_run(parse_schedule("daily 09:00"), "Asia/Tokyo", utc(2024, 5, 1))
    assert run.tzinfo is UTC


def test_weekdays_skip_the_weekend() -> None:
    schedule = parse_schedule("weekdays 18:30 Asia/Shanghai")
    friday_after = utc(2024, 5, 3, 11)  # Fri 19:00 in Shanghai
    assert next_run(schedule, "UTC", friday_after) == utc(2024, 5, 6, 10, 30)  # Monday
    runs = upcoming_runs(schedule, "UTC", utc(2024, 5, 5), 6)  # from Sunday
    local_days = [run.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%a") for run in runs]
    assert local_days == ["Mon", "Tue", "Wed", "Thu", "Fri", "Mon"]


def test_weekdays_are_weekdays_in_the_schedules_zone() -> None:
    # Saturday 00:30 in Shanghai is still Friday in UTC: no run that "day"
    schedule = parse_schedule("weekdays 00:30 Asia/Shanghai")
    assert next_run(schedule, "UTC", utc(2024, 5, 3, 17)) == utc(2024, 5, 5, 16, 30)


def test_new_york_spring_forward_gap_runs_at_the_first_valid_instant() -> None:
    # 2024-03-10: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist that day
    schedule = parse_schedule("daily 02:30 America/New_York")
    runs = upcoming_runs(schedule, "UTC", utc(2024, 3, 9, 0), 3)
    assert runs == [
        utc(2024, 3, 9, 7, 30),  # 02:30 EST
        utc(2024, 3, 10, 7, 0),  # 03:00 EDT, the transition
        utc(2024, 3, 11, 6, 30),  # 02:30 EDT
    ]
    assert runs[1].astimezone(NY).strftime("%H:%M %Z") == "03:00 EDT"


def test_new_york_fall_back_fold_runs_once_at_the_first_occurrence() -> None:
    # 2024-11-03: 01:00–02:00 happens twice (EDT then EST)
    schedule = parse_schedule("daily 01:30 America/New_York")
    runs = upcoming_runs(schedule, "UTC", utc(2024, 11, 2, 12), 3)
    assert runs == [
        utc(2024, 11, 3, 5, 30),  # 01:30 EDT (first occurrence)
        utc(2024, 11, 4, 6, 30),  # next day 01:30 EST; not 06:30 on the 3rd
        utc(2024, 11, 5, 6, 30),
    ]
    between = utc(2024, 11, 3, 6, 0)  # 01:00 EST, before the second 01:30
    assert next_run(schedule, "UTC", between) == utc(2024, 11, 4, 6, 30)


def test_times_outside_the_dst_change_keep_their_wall_clock() -> None:
    schedule = parse_schedule("daily 09:00 America/New_York")
    runs = upcoming_runs(schedule, "UTC", utc(2024, 3, 9), 3)
    assert [run.astimezone(NY).strftime("%d %H:%M") for run in runs] == [
        "09 09:00",
        "10 09:00",
        "11 09:00",
    ]
    assert [run.hour for run in runs] == [14, 13, 13]


@pytest.mark.parametrize(
    ("day", "hour", "minute", "expected"),
    [
        ((2024, 3, 10), 2, 0, utc(2024, 3, 10, 7, 0)),
        ((2024, 3, 10), 2, 59, utc(2024, 3, 10, 7, 0)),
        ((2024, 3, 10), 3, 0, utc(2024, 3, 10, 7, 0)),
        ((2024, 3, 10), 1, 59, utc(2024, 3, 10, 6, 59)),
        ((2024, 11, 3), 1, 0, utc(2024, 11, 3, 5, 0)),
    ],
)
def test_local_instant_edges(
    day: tuple[int, int, int], hour: int, minute: int, expected: datetime
) -> None:
    from datetime import date

    assert local_instant(date(*day), hour, minute, NY) == expected


def test_lord_howe_half_hour_gap() -> None:
    # Australia/Lord_Howe moves 30 minutes: 02:00 -> 02:30 on 2024-10-06
    schedule = parse_schedule("daily 02:15 Australia/Lord_Howe")
    run = next_run(schedule, "UTC", utc(2024, 10, 5, 12))
    assert run.astimezone(ZoneInfo("Australia/Lord_Howe")).strftime("%H:%M") == "02:30"


def test_every_aligns_to_the_anchor() -> None:
    schedule = parse_schedule("every 4h")
    anchor = utc(2024, 5, 1, 9, 17)
    assert next_run(schedule, "UTC", anchor, anchor) == utc(2024, 5, 1, 13, 17)
    assert next_run(schedule, "UTC", utc(2024, 5, 1, 13, 17), anchor) == utc(2024, 5, 1, 17, 17)
    assert next_run(schedule, "UTC", utc(2024, 5, 1, 13, 16), anchor) == utc(2024, 5, 1, 13, 17)


def test_every_never_runs_at_or_before_its_anchor() -> None:
    schedule = parse_schedule("every 1h")
    anchor = utc(2024, 5, 1, 9)
    assert next_run(schedule, "UTC", utc(2024, 5, 1, 6), anchor) == utc(2024, 5, 1, 10)


def test_every_ignores_dst() -> None:
    schedule = parse_schedule("every 1h")
    anchor = utc(2024, 3, 10, 5, 0)  # 00:00 EST
    runs = upcoming_runs(schedule, "America/New_York", anchor, 4, anchor)
    assert [r - anchor for r in runs] == [timedelta(hours=h) for h in (1, 2, 3, 4)]


def test_every_minutes_and_without_anchor() -> None:
    assert next_run(parse_schedule("every 30m"), "UTC", utc(2024, 5, 1, 9, 1)) == utc(
        2024, 5, 1, 9, 30
    )


def test_weekly_runs_once_a_week_on_its_day_in_its_zone() -> None:
    schedule = parse_schedule("weekly mon 09:00 Asia/Shanghai")
    after = datetime(2026, 3, 4, tzinfo=UTC)  # a Wednesday
    runs = upcoming_runs(schedule, "UTC", after, 3)
    assert runs == [datetime(2026, 3, 9, 1, tzinfo=UTC) + timedelta(weeks=i) for i in range(3)]
