"""Hostile data from IVC, served by the simulator to a running app: every reply (list, each
page, show, search, summary, help) is valid Block Kit within 50 blocks, no ``<!``/``<@``/``<#``
from upstream reaches Slack unescaped, and the app keeps answering afterwards. The
notification cards and the channel summary are rendered from the same hostile tasks.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.features.report.status_report import render_status_report
from bot.features.subscriptions.notifications import (
    render_gone,
    render_status_reply,
    render_task_notification,
)
from bot.features.tasks.task_details import render_details
from bot.ivc.records import RecordError, parse_details, parse_task
from bot.subscriptions.model import NotifyEvent
from bot.subscriptions.report_input import build_report_input
from bot.tasks.memory import TaskMemory
from bot.views.message import Message
from tests.support.app_fixtures import Wire, baseline_records, buttons, dump, header_text
from tests.support.reliability import assert_safe_payload, audited_wire, record_result

LONG = "W" * 10_000
NAMES = [
    "<!channel>",
    "<!here|here>",
    "<!everyone> deploy",
    "<@U123>",
    "<@W999|boss>",
    "<#C0001|general>",
    "<!subteam^S0123|oncall>",
    "<!date^0^{date}|fake date>",
    "<https://evil.example|click me>",
    "*bold* _it_ ~s~ `code` ```pre```",
    "> quoted\n>> more",
    "&amp; &lt;!channel&gt; & < >",
    "ctrl\x00\x07\x1b[31m\r\n\t\x7f\x9fname",
    "\u202eevil\u202c \u200fRTL\u200e \u2067iso\u2069 \u061c",
    "emoji 🙂👨‍👩‍👧🏳️‍🌈 :skull:",
    "北京朝阳门店-前门_0312",
    "",
    "   ",
    "\u2028\u2029",
    LONG,
    "<" * 3000,
    "@" * 5000,
]
NOW = time.time()
TIMES = [  # (StartTime, EndTime)
    (0, 0),
    (0, 3600),
    (int(NOW) + 86_400 * 3650, int(NOW) + 86_400 * 3651),
    (int(NOW) - 3600, int(NOW) - 7200),
    (int(NOW) - 600, int(NOW) + 600),
    (253_402_300_799, 253_402_300_799),
    (1, 2),
]
STATUSES = [0, 1, 2, 3, 7, -1, 99, 2**31 - 1]
MODES = [0, 1, 2, 99, -5]
CAPACITIES = [0, 1, 1024, 1.5, 0.001, -100, -0.5, 1e15, 2**53, 10**20]
EXPIRATIONS = [0, 1, 7, -1, 36_500, 2**31 - 1]
DUPLICATE = "d" * 32


def hostile_records(count: int | None = None) -> list[dict[str, Any]]:
    """Records combining every hostile name, time pair, status, mode, capacity and expiry;
    a duplicated TaskId; distinct ids otherwise. A large ``count`` keeps the huge names and
    the channels to the first records (the payload stays a few MB)."""
    base = baseline_records()[0]
    size = count or len(NAMES) * 3
    records = []
    for i in range(size):
        if i >= len(NAMES) * 3:
            start, end = TIMES[i % len(TIMES)]
            name = NAMES[i % len(NAMES)]
            records.append(
                {
                    **base,
                    "TaskId": f"{i:032x}",
                    "TaskName": name if len(name) < 100 else "x",
                    "StartTime": start,
                    "EndTime": end,
                    "Status": STATUSES[i % len(STATUSES)],
                    "Mode": MODES[i % len(MODES)],
                    "Capacity": CAPACITIES[i % len(CAPACITIES)],
                    "Expiration": EXPIRATIONS[i % len(EXPIRATIONS)],
                }
            )
            continue
        start, end = TIMES[i % len(TIMES)]
        records.append(
            {
                **base,
                "TaskId": f"{i:032x}",
                "TaskName": NAMES[i % len(NAMES)],
                "StartTime": start,
                "EndTime": end,
                "Status": STATUSES[i % len(STATUSES)],
                "Mode": MODES[i % len(MODES)],
                "Capacity": CAPACITIES[i % len(CAPACITIES)],
                "Expiration": EXPIRATIONS[i % len(EXPIRATIONS)],
                "Channels": [
                    {
                        "DeviceId": "<!here>",
                        "DeviceName": NAMES[(i + 1) % len(NAMES)],
                        "ChannelId": "<@U1>",
                        "ChannelName": NAMES[(i + 2) % len(NAMES)],
                        "Status": STATUSES[(i + 3) % len(STATUSES)],
                    },
                ]
                * (1 + i % 3),
            }
        )
    records += [
        {**records[1], "TaskName": "<!channel> twin one", "TaskId": DUPLICATE},
        {**records[2], "TaskName": "<@U2> twin two", "TaskId": DUPLICATE},
    ]
    return records


@pytest.fixture(scope="module")
def wire(tmp_path_factory) -> Iterator[Wire]:
    with audited_wire(
        tmp_path_factory.mktemp("hostile-upstream"),
        CACHE_TTL_SECONDS="600",
        IVC_TIMEOUT_SECONDS="60",
    ) as wire:
        yield wire


def _answers(wire: Wire, texts: list[str]) -> list[dict[str, Any]]:
    answers = []
    for text in texts:
        answer = wire.ask(text)
        assert_safe_payload(answer)
        answers.append(answer)
    return answers


def _walk_pages(wire: Wire, first: dict[str, Any], limit: int) -> int:
    """Press Next from ``first`` until the last page (or ``limit`` pages); check each."""
    pages, page = 1, first
    while "tasks_next" in buttons(page) and pages < limit:
        page = wire.press(buttons(page)["tasks_next"])
        assert_safe_payload(page)
        pages += 1
    if "tasks_previous" in buttons(page):
        assert_safe_payload(wire.press(buttons(page)["tasks_previous"]))
    assert_safe_payload(wire.press(buttons(page)["tasks_refresh"]))
    return pages


def test_hostile_tasks_through_every_reply(wire):
    records = hostile_records()
    wire.sim.set_tasks(records)
    first = wire.ask("all refresh")
    assert_safe_payload(first)
    assert header_text(first).startswith("All tasks")
    pages = _walk_pages(wire, first, limit=50)
    assert pages >= 3

    texts = [
        "pending",
        "retrieving",
        "retrieved",
        "summary",
        "summary refresh",
        "help",
        "search <!channel>",
        "search 🙂",
        "search " + "<@U1>" * 500,
        "search twin",
        "bogus <!here>",
        "all public",
    ]
    texts += [f"show {r['TaskId']}" for r in records[:: max(1, len(records) // 12)]]
    texts += [f"show {DUPLICATE}", "show <!channel>", f"show {'x' * 5000}"]
    answers = _answers(wire, texts)
    shown = dump(answers)
    assert "&lt;!channel&gt;" in shown, "the hostile names were shown (escaped)"
    for answer in answers:
        if answer.get("blocks"):
            assert len(answer["blocks"]) <= 50

    wire.sim.set_tasks(baseline_records())
    assert header_text(wire.ask("pending refresh")).startswith("Pending tasks")
    record_result(
        "hostile_upstream",
        {"records": len(records), "pages_walked": pages, "replies_checked": len(answers) + pages},
    )


def test_a_hundred_thousand_hostile_tasks(wire):
    records = hostile_records(100_000)
    wire.sim.set_tasks(records)
    first = wire.ask("all refresh")
    assert_safe_payload(first)
    assert "100,00" in dump(first), "the range line counts every task"
    pages = _walk_pages(wire, first, limit=6)
    _answers(
        wire,
        [
            "pending",
            "summary",
            "search twin",
            "search 0000000000000000000000000001",
            f"show {records[99_999]['TaskId']}",
            "help",
        ],
    )
    assert wire.get("/healthz").status_code == 200
    wire.sim.set_tasks(baseline_records())
    assert header_text(wire.ask("all refresh")).startswith("All tasks")
    record_result("hostile_upstream_100k", {"records": len(records), "pages_walked": pages})


def _parsed() -> list[Any]:
    tasks = []
    for record in hostile_records():
        with contextlib.suppress(RecordError):
            tasks.append(parse_task(record))
    return tasks


def _check(message: Message) -> None:
    assert_safe_payload({"text": message.text, "blocks": message.blocks})


def test_notification_cards_and_channel_summary_of_hostile_tasks():
    tasks = _parsed()
    assert len(tasks) >= len(NAMES) * 2, "most hostile records parse (the app shows them)"
    now = datetime.now(UTC)
    memory = {}
    for task in tasks:
        for event in NotifyEvent:
            _check(render_task_notification(task, event, lang="en"))
        _check(render_task_notification(task, NotifyEvent.APPEARED, lang="zh"))
        for before, after in ((None, task.status), (2, 1), (1, 0), (99, -1)):
            _check(render_status_reply(task, before, int(after), lang="en"))
        memory[task.task_id] = TaskMemory(
            task.task_id,
            task.name,
            int(task.status),
            now - timedelta(days=2),
            now - timedelta(minutes=5),
            task.expiration_days,
            retrieved_seen_at=now - timedelta(days=1),
            previous_status=2,
        )
        _check(render_gone(memory[task.task_id], lang="en"))
        _check(render_gone(task, gone_at=now, lang="zh"))
    for since in (None, now - timedelta(days=1), now + timedelta(days=1)):
        data = build_report_input(tasks, memory, since, now)
        for lang in ("en", "zh"):
            _check(render_status_report(data, now=now, lang=lang))
    for record in hostile_records()[:12]:
        details, _skipped = parse_details(record)
        _check(render_details(details, fetched_at=now, now=now, lang="en"))
