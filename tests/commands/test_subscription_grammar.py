"""The subscription commands: subscribe, subscriptions, unsubscribe, pause, resume."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.commands import Command, CommandKind, Problem, parse_command
from bot.schedule import Schedule, ScheduleKind
from bot.subscriptions import DEFAULT_NOTIFY_EVENTS, NotifyEvent, SubscriptionKind

ALL_EVENTS = tuple(NotifyEvent)


@pytest.mark.parametrize(
    ("text", "schedule"),
    [
        ("subscribe daily 09:00", Schedule(ScheduleKind.DAILY, 9, 0)),
        (
            "subscribe daily 09:00 Asia/Shanghai",
            Schedule(ScheduleKind.DAILY, 9, 0, timezone="Asia/Shanghai"),
        ),
        ("订阅 每天 09:00", Schedule(ScheduleKind.DAILY, 9, 0)),
        ("Subscribe Weekdays 18:30", Schedule(ScheduleKind.WEEKDAYS, 18, 30)),
        (
            "订阅 工作日 18:30 America/New_York",
            Schedule(ScheduleKind.WEEKDAYS, 18, 30, timezone="America/New_York"),
        ),
        ("subscribe every 4h", Schedule(ScheduleKind.EVERY, interval_minutes=240)),
        ("订阅 每 4h", Schedule(ScheduleKind.EVERY, interval_minutes=240)),
        ("subscribe every 30m", Schedule(ScheduleKind.EVERY, interval_minutes=30)),
        ("subscribe summary daily 08:00", Schedule(ScheduleKind.DAILY, 8, 0)),
    ],
)
def test_subscribe_to_summaries(text: str, schedule: Schedule) -> None:
    command = parse_command(text)
    assert command == Command(
        CommandKind.SUBSCRIBE, subscription_kind=SubscriptionKind.SUMMARY, schedule=schedule
    )


def test_the_time_zone_keeps_its_case() -> None:
    schedule = parse_command("SUBSCRIBE DAILY 09:00 asia/shanghai").schedule
    assert schedule is not None
    assert schedule.timezone == "Asia/Shanghai"


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("subscribe notify", DEFAULT_NOTIFY_EVENTS),
        ("订阅 通知", DEFAULT_NOTIFY_EVENTS),
        (
            "subscribe notify pending,retrieving,retrieved",
            (NotifyEvent.PENDING, NotifyEvent.RETRIEVING, NotifyEvent.RETRIEVED),
        ),
        ("subscribe notify retrieved pending", (NotifyEvent.PENDING, NotifyEvent.RETRIEVED)),
        ("subscribe notify retrieved, pending,", (NotifyEvent.PENDING, NotifyEvent.RETRIEVED)),
        ("subscribe notify new", (NotifyEvent.APPEARED,)),
        ("subscribe notify appeared,done", (NotifyEvent.APPEARED, NotifyEvent.RETRIEVED)),
        ("subscribe notify ready ready", (NotifyEvent.RETRIEVED,)),
        ("订阅 通知 新任务，已取回", (NotifyEvent.APPEARED, NotifyEvent.RETRIEVED)),
        ("订阅 通知 待取回、取回中", (NotifyEvent.PENDING, NotifyEvent.RETRIEVING)),
        ("subscribe notify all", ALL_EVENTS),
    ],
)
def test_subscribe_to_notifications(text: str, events: tuple[NotifyEvent, ...]) -> None:
    command = parse_command(text)
    assert command == Command(
        CommandKind.SUBSCRIBE, subscription_kind=SubscriptionKind.NOTIFY, events=events
    )


@pytest.mark.parametrize(
    ("text", "problem", "word"),
    [
        ("subscribe", Problem.MISSING_SCHEDULE, "subscribe"),
        ("订阅", Problem.MISSING_SCHEDULE, "订阅"),
        ("subscribe summary", Problem.MISSING_SCHEDULE, "subscribe"),
        ("subscribe monthly", Problem.BAD_SCHEDULE, "monthly"),
        ("subscribe weekly", Problem.BAD_WEEKDAY, "weekly"),
        ("subscribe weekly 09:00", Problem.BAD_WEEKDAY, "09:00"),
        ("subscribe daily", Problem.MISSING_TIME, "daily"),
        ("subscribe daily 25:00", Problem.BAD_TIME, "25:00"),
        ("subscribe daily 9", Problem.BAD_TIME, "9"),
        ("subscribe daily 09:60", Problem.BAD_TIME, "09:60"),
        ("subscribe daily 09:00 Mars/Base", Problem.UNKNOWN_TIMEZONE, "Mars/Base"),
        ("subscribe every", Problem.MISSING_INTERVAL, "every"),
        ("subscribe every 25h", Problem.BAD_INTERVAL, "25h"),
        ("subscribe every 5m", Problem.BAD_INTERVAL, "5m"),
        ("subscribe notify exploded", Problem.BAD_EVENT, "exploded"),
        ("subscribe notify pending,<!here>", Problem.BAD_EVENT, "<!here>"),
        ("subscribe daily 09:00 UTC again", Problem.UNKNOWN_WORD, "again"),
    ],
)
def test_bad_subscribe(text: str, problem: Problem, word: str) -> None:
    command = parse_command(text)
    assert command.kind is CommandKind.INVALID
    assert (command.problem, command.error) == (problem, word)


@pytest.mark.parametrize("text", ["subscriptions", "订阅列表", "SUBSCRIPTIONS"])
def test_list_subscriptions(text: str) -> None:
    assert parse_command(text) == Command(CommandKind.SUBSCRIPTIONS)


def test_subscriptions_takes_no_argument() -> None:
    command = parse_command("subscriptions please")
    assert (command.problem, command.error) == (Problem.UNKNOWN_WORD, "please")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("unsubscribe 3", CommandKind.UNSUBSCRIBE),
        ("取消订阅 3", CommandKind.UNSUBSCRIBE),
        ("unsubscribe #3", CommandKind.UNSUBSCRIBE),
        ("pause 3", CommandKind.PAUSE),
        ("暂停 ３", CommandKind.PAUSE),
        ("resume 3", CommandKind.RESUME),
        ("恢复 #3", CommandKind.RESUME),
    ],
)
def test_commands_by_id(text: str, kind: CommandKind) -> None:
    assert parse_command(text) == Command(kind, subscription_id=3)


@pytest.mark.parametrize("text", ["unsubscribe all", "取消订阅 全部", "UNSUBSCRIBE ALL"])
def test_unsubscribe_all(text: str) -> None:
    assert parse_command(text) == Command(CommandKind.UNSUBSCRIBE, all_subscriptions=True)


@pytest.mark.parametrize(
    ("text", "problem", "word"),
    [
        ("unsubscribe", Problem.MISSING_ID, "unsubscribe"),
        ("pause", Problem.MISSING_ID, "pause"),
        ("恢复", Problem.MISSING_ID, "恢复"),
        ("pause all", Problem.BAD_ID, "all"),
        ("pause x", Problem.BAD_ID, "x"),
        ("resume 0", Problem.BAD_ID, "0"),
        ("resume -3", Problem.BAD_ID, "-3"),
        ("resume 1" + "0" * 30, Problem.BAD_ID, "1" + "0" * 30),
        ("unsubscribe 3 4", Problem.UNKNOWN_WORD, "4"),
    ],
)
def test_bad_ids(text: str, problem: Problem, word: str) -> None:
    command = parse_command(text)
    assert command.kind is CommandKind.INVALID
    assert (command.problem, command.error) == (problem, word)


def test_modifiers_still_work_with_subscriptions() -> None:
    command = parse_command("public subscribe every 2h refresh")
    assert command.kind is CommandKind.SUBSCRIBE and command.public and command.refresh


def test_existing_commands_are_unchanged() -> None:
    assert parse_command("all") == Command(CommandKind.LIST)
    assert parse_command("全部").kind is CommandKind.LIST
    assert parse_command("summary").kind is CommandKind.SUMMARY
    assert parse_command("daily").problem is Problem.UNKNOWN_WORD


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            "subscribe",
            "订阅",
            "unsubscribe",
            "pause",
            "resume",
            "subscribe notify",
            "subscribe daily",
            "subscribe every",
            "订阅 每",
            "subscribe weekdays 09:00",
        ]
    ),
    st.text(),
)
def test_subscription_commands_never_raise(head: str, tail: str) -> None:
    command = parse_command(f"{head} {tail}")
    assert isinstance(command, Command)
    assert (command.kind is CommandKind.INVALID) == (command.problem is not None)
