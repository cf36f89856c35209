"""The status report: the `summary` command's answer and a summary subscription's post."""

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.features.report.status_report import SUMMARY_OPEN_LIST, render_status_report, status_report
from bot.ivc.models import TaskStatus
from bot.subscriptions import build_report_input, diff_tasks
from bot.tasks.memory import TaskMemory
from bot.views.state import decode_view_state
from bot.views.subscription_text import duration
from tests.support.blockkit import assert_no_pings
from tests.support.tasks import NOW, make_memory, make_snapshot, make_task, make_tasks
from tests.views.helpers import block, buttons, checked, context_text, dump, field_texts

SINCE = NOW - timedelta(hours=6)


def memory(task_id: str, **values) -> TaskMemory:
    return make_memory(task_id, **{"expiration_days": 1, **values})


TASKS = [
    make_task(task_id="p1", name="old gate", status=TaskStatus.PENDING, capacity_mb=512),
    make_task(task_id="p2", name="new gate", status=TaskStatus.PENDING, capacity_mb=512),
    make_task(
        task_id="r1", name="dock", status=TaskStatus.RETRIEVED, expiration_days=1, capacity_mb=2048
    ),
    make_task(task_id="g1", name="lobby", status=TaskStatus.RETRIEVING),
]
MEMORY = {
    "p1": memory("p1", first_seen_at=NOW - timedelta(hours=3, minutes=20)),
    "p2": memory("p2", first_seen_at=NOW - timedelta(minutes=5)),
    "r1": memory(
        "r1",
        status=0,
        status_changed_at=NOW - timedelta(hours=1),
        previous_status=1,
        retrieved_seen_at=NOW - timedelta(hours=19),
    ),
    "g1": memory("g1", status=1, status_changed_at=NOW - timedelta(days=2)),
}


def _render(since=SINCE, lang="en", tasks=TASKS, mem=MEMORY):
    data = build_report_input(tasks, mem, since, NOW)
    return checked(render_status_report(data, now=NOW, lang=lang))


def test_counts_changes_oldest_pending_and_expiring() -> None:
    message = _render()
    assert block(message, "csum_header")["text"]["text"] == "Retrieval tasks summary · 4"
    assert "*:clock3: Pending*\n2 tasks · 1.0 GB" in field_texts(block(message, "csum_counts"))
    changed = block(message, "csum_changed")["text"]["text"]
    assert changed.startswith("*Status changes since <!date^")
    assert changed.splitlines()[0].endswith("* · 1")
    assert "• dock `r1`: :hourglass_flowing_sand: Retrieving → :white_check_mark: Retrieved" in (
        changed
    )
    assert "lobby" not in changed
    oldest = block(message, "csum_oldest")["text"]["text"]
    assert oldest == "*Oldest pending task*\nold gate `p1` · waiting 3 h 20 min"
    expiring = block(message, "csum_expiring")["text"]["text"]
    assert "*Copies expiring within 24 h (estimate)* · 1" in expiring
    assert "• dock `r1` · expires ~in 5 h (estimate)" in expiring
    assert "estimated" in dump(message)


def test_open_the_full_list_button() -> None:
    button = buttons(_render())[SUMMARY_OPEN_LIST]
    assert button["text"]["text"] == "Open the full list"
    assert SUMMARY_OPEN_LIST == "summary_open_list"
    state = decode_view_state(button["value"])
    assert (state.status_filter.value, state.page) == ("all", 1)


def test_without_since_there_is_no_changed_section() -> None:
    message = _render(since=None)
    ids = [b.get("block_id") for b in message.blocks]
    assert "csum_changed" not in ids
    assert "csum_oldest" in ids


def test_no_changes_since_is_said() -> None:
    text = block(_render(since=NOW - timedelta(minutes=1)), "csum_changed")["text"]["text"]
    assert text.startswith("No status changes since <!date^")


def test_an_unknown_previous_status_shows_the_current_one() -> None:
    mem = {**MEMORY, "r1": replace(MEMORY["r1"], previous_status=None)}
    text = block(_render(mem=mem), "csum_changed")["text"]["text"]
    assert "dock `r1`: now :white_check_mark: Retrieved" in text


def test_empty_task_list() -> None:
    message = _render(tasks=[], mem={})
    assert block(message, "csum_header")["text"]["text"] == "Retrieval tasks summary · 0"
    assert "csum_oldest" not in [b.get("block_id") for b in message.blocks]
    assert "csum_expiring" not in [b.get("block_id") for b in message.blocks]


def test_hostile_names_ping_nobody() -> None:
    tasks = [replace(t, name="<!channel> *bold* <@U1> ` & <#C1>") for t in TASKS]
    message = _render(tasks=tasks)
    assert_no_pings(message.to_payload())
    assert "&lt;!channel&gt;" in dump(message)


def test_chinese_summary() -> None:
    message = _render(lang="zh")
    text = dump(message)
    assert block(message, "csum_header")["text"]["text"] == "取回任务汇总 · 4"
    assert block(message, "csum_oldest")["text"]["text"] == (
        "*等待最久的待取回任务*\nold gate `p1` · 已等待 3 小时 20 分钟"
    )
    assert "约 5 小时后过期（估计）" in text
    assert "*24 小时内到期的副本（估计）* · 1" in text
    assert buttons(message)[SUMMARY_OPEN_LIST]["text"]["text"] == "打开完整列表"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hundred_thousand_tasks_stay_within_limits(lang: str) -> None:
    tasks = [
        replace(t, name="名" * 300 + "<!here>", expiration_days=1) for t in make_tasks(100_000)
    ]
    mem = diff_tasks({}, tasks, NOW - timedelta(hours=23)).memory
    data = build_report_input(tasks, mem, NOW - timedelta(days=2), NOW)
    assert data.changed_total == 100_000
    assert data.expiring_total == 100_000 // 3 + 1
    message = checked(render_status_report(data, now=NOW, lang=lang))
    assert len(message.blocks) <= 50
    assert_no_pings(message.to_payload())
    for section in (block(message, "csum_changed"), block(message, "csum_expiring")):
        assert len(section["text"]["text"]) <= 3000
        assert section["text"]["text"].splitlines()[-1].startswith(("+", "另有"))
    assert len(json.dumps(message.to_payload())) < 40_000


COUNTED = [
    make_task(status=TaskStatus.PENDING, capacity_mb=512),
    make_task(status=TaskStatus.PENDING, capacity_mb=512),
    make_task(status=TaskStatus.RETRIEVED, capacity_mb=2048),
]


def test_counts_and_capacity_per_status_without_task_memory() -> None:
    message = checked(status_report(make_snapshot(COUNTED, skipped=1), {}, now=NOW))
    assert block(message, "csum_header")["text"]["text"] == "Retrieval tasks summary · 3"
    assert field_texts(block(message, "csum_counts")) == [
        "*:hourglass_flowing_sand: Retrieving*\n0 tasks · 0 MB",
        "*:clock3: Pending*\n2 tasks · 1.0 GB",
        "*:white_check_mark: Retrieved*\n1 task · 2.0 GB",
        "*Total*\n3 tasks · 3.0 GB",
    ]
    assert context_text(message, "csum_footer").endswith("1 record skipped (malformed)")


def test_unknown_statuses_get_their_own_field() -> None:
    tasks = [*COUNTED, make_task(status=5, capacity_mb=1), make_task(status=4)]
    message = checked(status_report(make_snapshot(tasks), {}, now=NOW))
    fields = field_texts(block(message, "csum_counts"))
    assert "*:grey_question: Unknown status (4, 5)*\n2 tasks · 1.5 GB" in fields


def test_chinese_counts_without_task_memory() -> None:
    message = checked(status_report(make_snapshot(COUNTED), {}, now=NOW, lang="zh"))
    assert block(message, "csum_header")["text"]["text"] == "取回任务汇总 · 3"
    assert "*:clock3: 待取回*\n2 个任务 · 1.0 GB" in field_texts(block(message, "csum_counts"))


def test_the_memory_gives_changes_since_the_previous_summary() -> None:
    snapshot = make_snapshot(TASKS)
    message = checked(status_report(snapshot, MEMORY, now=NOW, since=SINCE))
    assert message == checked(
        render_status_report(
            build_report_input(TASKS, MEMORY, SINCE, NOW), now=NOW, snapshot=snapshot
        )
    )
    assert "dock `r1`" in block(message, "csum_changed")["text"]["text"]


@pytest.mark.parametrize(
    ("span", "en", "zh"),
    [
        (timedelta(seconds=30), "under a minute", "不到 1 分钟"),
        (timedelta(minutes=45), "45 min", "45 分钟"),
        (timedelta(hours=3), "3 h", "3 小时"),
        (timedelta(hours=3, minutes=20, seconds=59), "3 h 20 min", "3 小时 20 分钟"),
        (timedelta(days=2), "2 d", "2 天"),
        (timedelta(days=2, hours=5, minutes=9), "2 d 5 h", "2 天 5 小时"),
        (timedelta(days=-1), "under a minute", "不到 1 分钟"),
    ],
)
def test_durations(span: timedelta, en: str, zh: str) -> None:
    assert (duration(span, "en"), duration(span, "zh")) == (en, zh)
