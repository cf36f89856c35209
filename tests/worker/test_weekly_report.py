"""The weekly report: over two weeks of simulated status changes on a fake clock, posted once
per week per channel (3 replicas on PostgreSQL), its numbers those of the recorded history,
its charts valid; a workspace refusing charts gets the classic lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.reports.report import build_report
from bot.slack.poster import EVENT_TYPE
from bot.store.task_history import TaskHistoryStore
from tests.support.blockkit import assert_valid_message
from tests.support.replicas import replicas, tick_all
from tests.worker.conftest import subscribe
from tests.worker.test_notifications import record
from tests.worker.test_summaries import replica_count

HOUR = 3600.0
DAYS = 15
UTC_CHANNEL, CST_CHANNEL = "C0WEEKUTC", "C0WEEKCST"


def reports(fake: Any, channel: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(channel)
        if m.get("metadata", {}).get("event_type") == EVENT_TYPE
        and "summary:" in m["metadata"]["event_payload"]["key"]
    ]


def due(message: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(message["metadata"]["event_payload"]["key"].split(":", 2)[2])


def task_id(day: int) -> str:
    return f"{day:02x}" * 16


async def two_weeks(group: Any, sim: Any) -> None:
    """Each day a task appears pending at 01:00 UTC (capacity day+1 GB) and is retrieved at
    07:00 UTC; the replicas tick then and at 09:00 (the clock moves an hour at a time)."""
    records: dict[str, dict[str, Any]] = {}
    for hour in range(1, DAYS * 24 + 1):
        sim.clock.advance(HOUR)
        day, at = divmod(hour, 24)
        if at == 1:
            records[task_id(day)] = {**record(task_id(day), status=2), "Capacity": 1024 * (day + 1)}
        if at == 7:
            records[task_id(day)]["Status"] = 0
        if at in (1, 7):
            sim.sim.set_tasks(list(records.values()))
        if at in (1, 7, 9):
            await tick_all(group)


def message_of(post: dict[str, Any]) -> dict[str, Any]:
    return {"text": post["text"], "blocks": post["blocks"]}


def bar_values(post: dict[str, Any]) -> list[float]:
    (chart,) = [b for b in post["blocks"] if b.get("block_id") == "report_capacity"]
    return [point["value"] for point in chart["chart"]["series"][0]["data"]]


async def test_weekly_report_once_per_week_per_channel(service, sim, fake_slack, database_url):
    await subscribe(service, "subscribe weekly mon 09:00", channel=UTC_CHANNEL)
    await subscribe(service, "订阅 每周 一 09:00 Asia/Shanghai", channel=CST_CHANNEL)
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        await two_weeks(group, sim)
        history = await TaskHistoryStore(group[0].db).events()
    utc, cst = reports(fake_slack, UTC_CHANNEL), reports(fake_slack, CST_CHANNEL)
    assert [due(m) for m in utc] == [datetime(2026, 3, d, 9, tzinfo=UTC) for d in (2, 9, 16)]
    assert [due(m) for m in cst] == [datetime(2026, 3, d, 1, tzinfo=UTC) for d in (2, 9, 16)]
    for post in utc + cst:
        assert_valid_message(message_of(post))
        assert len([b for b in post["blocks"] if b["type"] == "data_visualization"]) == 2

    # the recorded history is the simulation: one retrieval a day, after six hours
    recorded = build_report(history, now=datetime(2026, 3, 16, 9, tzinfo=UTC), days=7)
    assert recorded.totals.retrieved == 7 and recorded.totals.capacity_mb == 1024 * 84
    assert [b.wait_median_hours for b in recorded.buckets] == [6.0] * 7
    # and the posted reports say what it says
    second, third = (json.dumps(m, ensure_ascii=False) for m in utc[1:])
    assert "*7* tasks became retrieved · *35.0 GB* retrieved" in second
    assert "No earlier period to compare" in second
    assert "*7* tasks became retrieved · *84.0 GB* retrieved" in third
    assert "±0 tasks · +49.0 GB from the period before" in third
    assert bar_values(utc[2]) == [float(day + 1) for day in range(8, 15)]
    assert "*6* 个任务变为已取回" not in second  # the bot's language is English
    assert "*6* tasks became retrieved" in json.dumps(cst[1])  # 09:00 Shanghai: day 7 not yet


async def test_a_workspace_refusing_charts_gets_the_report_as_lines(
    service, sim, fake_slack, database_url
):
    fake_slack.refuse_block_type("data_visualization")
    await subscribe(service, "subscribe weekly mon 09:00", channel=UTC_CHANNEL)
    async with replicas(1, database_url, sim, fake_slack) as group:
        await two_weeks(group, sim)
    posts = reports(fake_slack, UTC_CHANNEL)
    assert len(posts) == 3
    for post in posts:
        assert_valid_message(message_of(post))
        assert not any(b["type"] == "data_visualization" for b in post["blocks"])
    assert fake_slack.refusal_count() == 1, "refused once, remembered"
