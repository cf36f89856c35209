"""Values as shown: capacity, ages, dates, mode, expiration, statuses."""

import math
from datetime import UTC, datetime

import pytest

from bot.ivc.models import ChannelStatus, TaskStatus
from bot.views import formatting


@pytest.mark.parametrize(
    ("megabytes", "shown"),
    [
        (0, "0 MB"),
        (0.01, "< 0.1 MB"),
        (1, "1.0 MB"),
        (512, "512.0 MB"),
        (1023.9, "1,023.9 MB"),
        (1024, "1.0 GB"),
        (1536, "1.5 GB"),
        (1024 * 1024, "1.0 TB"),
        (5 * 1024**3, "5,120.0 TB"),
        (-1, "—"),
        (math.nan, "—"),
        (math.inf, "—"),
    ],
)
def test_capacity(megabytes: float, shown: str) -> None:
    assert formatting.capacity(megabytes) == shown


@pytest.mark.parametrize(
    ("seconds", "en", "zh"),
    [
        (0, "updated 0 s ago", "更新于 0 秒前"),
        (12.7, "updated 12 s ago", "更新于 12 秒前"),
        (59, "updated 59 s ago", "更新于 59 秒前"),
        (200, "updated 3 min ago", "更新于 3 分钟前"),
        (7200, "updated 2 h ago", "更新于 2 小时前"),
        (3 * 86400, "updated 3 d ago", "更新于 3 天前"),
        (-5, "updated 0 s ago", "更新于 0 秒前"),
    ],
)
def test_updated_ago(seconds: float, en: str, zh: str) -> None:
    assert formatting.updated_ago(seconds) == en
    assert formatting.updated_ago(seconds, "zh") == zh


def test_date_token_has_unix_seconds_and_a_utc_fallback() -> None:
    moment = datetime(2024, 4, 30, 8, 5, 9, tzinfo=UTC)
    assert formatting.date_token(moment) == (
        "<!date^1714464309^{date_short_pretty} {time}|2024-04-30 08:05 UTC>"
    )


def test_date_token_converts_other_zones_and_naive_as_utc() -> None:
    naive = datetime(2024, 4, 30, 8, 5)
    assert "|2024-04-30 08:05 UTC>" in formatting.date_token(naive)


def test_time_window_has_two_tokens() -> None:
    start = datetime(2024, 4, 30, 8, tzinfo=UTC)
    end = datetime(2024, 4, 30, 10, tzinfo=UTC)
    assert formatting.time_window(start, end).count("<!date^") == 2


def test_dates_before_1970_fall_back_to_text() -> None:
    assert formatting.date_token(datetime(1960, 1, 1, tzinfo=UTC)) == "1960-01-01 00:00 UTC"


@pytest.mark.parametrize(("value", "en", "zh"), [(1, "Fast", "极速"), (2, "Mode 2", "模式 2")])
def test_mode(value: int, en: str, zh: str) -> None:
    assert (formatting.mode(value), formatting.mode(value, "zh")) == (en, zh)


def test_expiration() -> None:
    assert formatting.expiration(10) == "kept 10 days"
    assert formatting.expiration(1) == "kept 1 day"
    assert formatting.expiration(7, "zh") == "保留 7 天"


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (TaskStatus.RETRIEVING, ":hourglass_flowing_sand: Retrieving"),
        (TaskStatus.PENDING, ":clock3: Pending"),
        (TaskStatus.RETRIEVED, ":white_check_mark: Retrieved"),
        (7, ":grey_question: Status 7"),
    ],
)
def test_task_status(status: int, shown: str) -> None:
    assert formatting.task_status(status) == shown


def test_channel_status_knows_no_archive() -> None:
    assert (
        formatting.channel_status(ChannelStatus.NO_ARCHIVE)
        == ":no_entry_sign: No archived recording"
    )
    assert "无归档录像" in formatting.channel_status(3, "zh")
    assert formatting.channel_status(1) == formatting.task_status(1)


def test_number_has_thousands_separators() -> None:
    assert formatting.number(1234567) == "1,234,567"
