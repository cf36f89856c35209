"""Lists as a data table (Rendering.NEWER): more than five tasks, as many rows as fit, the
select of its tasks, untrusted names inert in every cell, both languages."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from bot.commands import parse_command
from bot.features.tasks.task_list import render_list
from bot.features.tasks.task_table import (
    ACTION_TASK_PICK,
    TABLE_CHARS_MAX,
    TABLE_ROWS_MAX,
    table_page_size,
    task_row,
)
from bot.ivc.errors import IvcTimeoutError
from bot.ivc.models import Task
from bot.views.errors import render_error
from bot.views.i18n import LANGS
from bot.views.rendering import Rendering
from bot.views.state import ViewState, decode_view_state
from tests.support.blockkit import assert_newer_block_rules, table_chars
from tests.support.tasks import NOW, make_snapshot, make_task, make_tasks
from tests.views.helpers import blocks_of, buttons, checked
from tests.views.test_hostile import HOSTILE


def render(tasks: list[Any], text: str = "", lang: str = "en", **kwargs: Any):
    snapshot = make_snapshot(tasks)
    message = render_list(
        snapshot, parse_command(text), now=NOW, lang=lang, rendering=Rendering.NEWER, **kwargs
    )
    return checked(message)


def named(tasks: list[Task], name: str) -> list[Task]:
    return [replace(task, name=name) for task in tasks]


def table_of(message: Any) -> dict[str, Any]:
    (table,) = blocks_of(message, "data_table")
    return table


def picked_values(message: Any) -> list[str]:
    (select,) = [b for b in message.blocks if b.get("block_id") == "tasks_pick"]
    return [o["value"] for o in select["elements"][0]["options"]]


@pytest.mark.parametrize("lang", LANGS)
def test_more_than_five_tasks_are_one_table_with_a_select_of_them(lang: str) -> None:
    tasks = make_tasks(6)
    message = render(tasks, lang=lang)
    table = table_of(message)
    assert len(table["rows"]) == 7  # the header and six tasks
    assert [cell["type"] for cell in table["rows"][1]] == [
        "raw_text",
        "raw_text",
        "raw_text",
        "rich_text",
        "raw_number",
        "raw_number",
    ]
    assert all(cell["type"] == "raw_text" for cell in table["rows"][0])
    assert sorted(picked_values(message)) == sorted(t.task_id for t in tasks)
    assert not blocks_of(message, "section")  # no cards
    assert set(buttons(message)) >= {ACTION_TASK_PICK, "tasks_refresh"}


def test_five_tasks_keep_the_cards() -> None:
    message = render(make_tasks(5))
    assert not blocks_of(message, "data_table")
    assert len([b for b in message.blocks if str(b.get("block_id", "")).startswith("task_")]) == 5


def test_classic_rendering_keeps_the_cards_for_any_list() -> None:
    message = checked(render_list(make_snapshot(make_tasks(40)), ViewState(), now=NOW))
    assert not blocks_of(message, "data_table")


def test_window_is_a_pair_of_date_elements_and_capacity_a_number() -> None:
    tasks = make_tasks(6, capacity_mb=1536.0)
    row = table_of(render(tasks))["rows"][1]
    tasks = [t for t in tasks if t.task_id == row[1]["text"]]
    dates = [e for e in row[3]["elements"][0]["elements"] if e["type"] == "date"]
    assert [d["timestamp"] for d in dates] == [
        int(tasks[0].start.timestamp()),
        int(tasks[0].end.timestamp()),
    ]
    assert row[4] == {"type": "raw_number", "value": 1536.0, "text": "1.5 GB"}
    assert row[5]["value"] == 10


def test_two_hundred_tasks_fill_one_message_and_the_rest_is_reachable() -> None:
    tasks = named(make_tasks(200), "Warehouse-B-dock_cam_recheck_0312")
    snapshot = make_snapshot(tasks)
    first = checked(render_list(snapshot, ViewState(), now=NOW, rendering=Rendering.NEWER))
    size = len(table_of(first)["rows"]) - 1
    assert size == table_page_size(tasks, "en")
    # one more row of this length would break a limit
    assert (
        size == TABLE_ROWS_MAX
        or table_chars(table_of(first)["rows"]) + table_chars(list(task_row(tasks[0], "en")))
        > TABLE_CHARS_MAX
    )
    seen = picked_values(first)
    state = decode_view_state(buttons(first)["tasks_next"]["value"])
    while True:
        page = checked(render_list(snapshot, state, now=NOW, rendering=Rendering.NEWER))
        seen += picked_values(page)
        if "tasks_next" not in buttons(page):
            break
        state = decode_view_state(buttons(page)["tasks_next"]["value"])
    assert sorted(seen) == sorted(t.task_id for t in tasks)


def test_long_names_fit_fewer_rows_within_the_character_total() -> None:
    tasks = named(make_tasks(150), "n" * 100)
    message = render(tasks)
    assert table_chars(table_of(message)["rows"]) <= TABLE_CHARS_MAX
    assert len(table_of(message)["rows"]) - 1 < TABLE_ROWS_MAX


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_names_are_inert_in_every_cell(name: str) -> None:
    tasks = [make_task(task_id=f"{i:032x}", name=name) for i in range(6)]
    tasks.append(make_task(task_id=f"<@U123>{name}"[:64], name=name))
    message = render(tasks)
    text = json.dumps(message.to_payload(), ensure_ascii=False)
    for marker in ("<@", "<!", "<#", "<http"):
        assert marker not in text


def test_the_newer_rules_refuse_what_slack_refuses() -> None:
    table = table_of(render(make_tasks(6)))
    with pytest.raises(AssertionError, match="tables"):
        assert_newer_block_rules([table, table])
    bad_header = {**table, "rows": [table["rows"][1], *table["rows"][1:]]}
    with pytest.raises(AssertionError, match="header"):
        assert_newer_block_rules([bad_header])
    too_long = {
        **table,
        "rows": [table["rows"][0]] + [[{"type": "raw_text", "text": "x" * 9000}] * 6] * 2,
    }
    with pytest.raises(AssertionError, match="characters"):
        assert_newer_block_rules([too_long])


@pytest.mark.parametrize("lang", LANGS)
def test_stale_data_is_a_warning_alert_above_the_table(lang: str) -> None:
    snapshot = make_snapshot(make_tasks(8), stale=True, error=IvcTimeoutError("IVC timed out"))
    message = checked(
        render_list(snapshot, ViewState(), now=NOW, lang=lang, rendering=Rendering.NEWER)
    )
    (note,) = blocks_of(message, "alert")
    assert note["level"] == "warning" and "IVC timed out" in note["text"]["text"]


@pytest.mark.parametrize("lang", LANGS)
def test_errors_are_error_alerts_with_the_newer_blocks(lang: str) -> None:
    message = checked(render_error(IvcTimeoutError("IVC timed out"), lang, Rendering.NEWER))
    (note,) = blocks_of(message, "alert")
    assert note["level"] == "error"
    assert not blocks_of(checked(render_error(IvcTimeoutError("x"), lang)), "alert")
