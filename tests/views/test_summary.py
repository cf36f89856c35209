"""Counts and capacity per status."""

from bot.ivc.models import TaskStatus
from bot.views import render_summary
from tests.support.tasks import NOW, make_snapshot, make_task
from tests.views.helpers import block, checked, context_text, field_texts

TASKS = [
    make_task(status=TaskStatus.PENDING, capacity_mb=512),
    make_task(status=TaskStatus.PENDING, capacity_mb=512),
    make_task(status=TaskStatus.RETRIEVED, capacity_mb=2048),
]


def test_counts_and_capacity_per_status() -> None:
    message = checked(render_summary(make_snapshot(TASKS, skipped=1), now=NOW))
    assert block(message, "summary_header")["text"]["text"] == "Summary · 3 tasks"
    assert field_texts(block(message, "summary")) == [
        "*:hourglass_flowing_sand: Retrieving*\n0 tasks · 0 MB",
        "*:clock3: Pending*\n2 tasks · 1.0 GB",
        "*:white_check_mark: Retrieved*\n1 task · 2.0 GB",
        "*Total*\n3 tasks · 3.0 GB",
    ]
    assert context_text(message).endswith("1 record skipped (malformed)")


def test_unknown_statuses_get_their_own_field() -> None:
    snapshot = make_snapshot([*TASKS, make_task(status=5, capacity_mb=1), make_task(status=4)])
    fields = field_texts(block(checked(render_summary(snapshot, now=NOW)), "summary"))
    assert "*:grey_question: Unknown status (4, 5)*\n2 tasks · 1.5 GB" in fields


def test_chinese_summary() -> None:
    message = checked(render_summary(make_snapshot(TASKS), now=NOW, lang="zh"))
    assert block(message, "summary_header")["text"]["text"] == "汇总 · 共 3 个任务"
    assert "*:clock3: 待取回*\n2 个任务 · 1.0 GB" in field_texts(block(message, "summary"))
