"""Parsing one task record: a task keeps copies of the document's values, never the objects."""

import math

from bot.ivc.models import TaskStatus
from bot.ivc.records import parse_task

RECORD = {
    "TaskId": "f5b165224a58b791df6af1d8303e61cd",
    "TaskName": "Bulk-000001_批量",
    "StartTime": 1714464000,
    "EndTime": 1714467600,
    "Mode": 1,
    "Expiration": 300,
    "Status": 2,
    "Capacity": 1536.25,
    "Describe": "dock camera",
    "ChannelCount": 1000,
}


def test_values_are_equal_but_not_shared_with_the_document() -> None:
    task = parse_task(RECORD)
    assert (task.task_id, task.name, task.describe) == (
        RECORD["TaskId"],
        RECORD["TaskName"],
        RECORD["Describe"],
    )
    assert (task.expiration_days, task.capacity_mb, task.channel_count) == (300, 1536.25, 1000)
    assert task.status is TaskStatus.PENDING
    # Shared objects would pin the parsed document's memory (see bot.ivc.records._own).
    for name, key in [
        ("task_id", "TaskId"),
        ("name", "TaskName"),
        ("describe", "Describe"),
        ("expiration_days", "Expiration"),
        ("capacity_mb", "Capacity"),
        ("channel_count", "ChannelCount"),
    ]:
        assert getattr(task, name) is not RECORD[key], name


def test_copies_keep_signed_zero_nan_and_big_ints() -> None:
    task = parse_task({**RECORD, "Capacity": -0.0, "Expiration": 10**30})
    assert math.copysign(1.0, task.capacity_mb) == -1.0
    assert task.expiration_days == 10**30
    assert math.isnan(parse_task({**RECORD, "Capacity": float("nan")}).capacity_mb)
    assert parse_task({**RECORD, "TaskName": ""}).name == ""
    assert parse_task({**RECORD, "TaskName": "\ud800x"}).name == "\ud800x"
