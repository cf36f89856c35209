"""An app started with BOT_LANGUAGE=zh answers in Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.app_fixtures import (
    buttons,
    context_text,
    dump,
    header_text,
    ids_with_status,
    reset_for_test,
    task_ids,
)
from tests.support.in_process import InProcess, start_in_process


@pytest.fixture(scope="module")
def zh_wire_module(tmp_path_factory) -> Iterator[InProcess]:
    with start_in_process(tmp_path_factory.mktemp("zh"), BOT_LANGUAGE="zh", locale="zh-CN") as wire:
        yield wire


@pytest.fixture
def zh_wire(zh_wire_module) -> Iterator[InProcess]:
    with reset_for_test(zh_wire_module) as wire:
        yield wire


@pytest.mark.parametrize("text", ["待取回", "pending"])
def test_pending_list_in_chinese(zh_wire, text):
    pending = ids_with_status(zh_wire.sim.records(), 2)

    answer = zh_wire.ask(text)

    assert header_text(answer) == f"待取回任务 · {len(pending)}"
    assert set(task_ids(answer)) == pending
    assert context_text(answer, "tasks_range") == f"第 1–{len(pending)} 条，共 {len(pending)} 条"
    shown = dump(answer)
    for label in ("*任务名称*", "*状态*", "待取回", "*时间范围*", "*容量*"):
        assert label in shown
    assert "Pending" not in shown and "Task name" not in shown
    assert {b["text"]["text"] for b in buttons(answer).values()} == {"刷新"}
    assert context_text(answer, "tasks_footer").startswith("更新于 ")


def test_all_has_chinese_buttons_and_statuses(zh_wire):
    answer = zh_wire.ask("全部")

    assert header_text(answer) == "全部任务 · 40"
    labels = {b["text"]["text"] for b in buttons(answer).values()}
    assert labels == {"下一页", "刷新"}
    shown = dump(answer)
    assert "取回中" in shown or "已取回" in shown


def test_help_and_errors_in_chinese(zh_wire):
    assert header_text(zh_wire.ask("帮助")) == "取回任务：帮助"
    assert zh_wire.ask("乱码")["text"] == "未知命令 `乱码`"

    reply = zh_wire.command("汇总 刷新")
    assert reply.ack["text"] == ":hourglass: 正在从 IVC 获取任务…"
    assert header_text(reply.answer()) == "取回任务汇总 · 40"
