"""Lists as data tables through the app (BLOCK_KIT=auto): 200 simulated tasks in one table
message with the rest reachable, acks with tables only once a workspace accepted one, the
select under the table, and a workspace that refuses ``data_table`` (cards, and they stay)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.features.tasks.task_table import ACTION_TASK_PICK
from bot.store.block_kit import RenderingStore
from tests.support.app_fixtures import buttons, frozen_records, is_fetching, task_ids
from tests.support.in_process import InProcess, start_in_process
from tests.support.slack_requests import block_actions_payload

TASKS = 200


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    records = frozen_records(TASKS, seed=16)
    with start_in_process(
        tmp_path_factory.mktemp("tables"),
        BLOCK_KIT="auto",
        CACHE_TTL_SECONDS="600",
    ) as wire:
        wire.reset(records)
        yield wire


@pytest.fixture(scope="module")
def refusing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    with start_in_process(
        tmp_path_factory.mktemp("refusing"), BLOCK_KIT="auto", CACHE_TTL_SECONDS="600"
    ) as wire:
        wire.fake.refuse_block_type("data_table")
        yield wire


def table_rows(payload: dict[str, Any]) -> list[list[dict[str, Any]]]:
    tables = [b for b in payload["blocks"] if b["type"] == "data_table"]
    assert len(tables) == 1, [b["type"] for b in payload["blocks"]]
    rows: list[list[dict[str, Any]]] = tables[0]["rows"][1:]
    return rows


def row_ids(payload: dict[str, Any]) -> list[str]:
    return [row[1]["text"] for row in table_rows(payload)]


def test_all_over_200_tasks_is_one_table_and_the_rest_is_reachable(tables: InProcess) -> None:
    reply = tables.command("all", team_id="T0TABLE1")
    assert is_fetching(reply.ack), "no table in the ack before the workspace accepted one"
    first = reply.wait_response()
    seen = row_ids(first)
    assert 50 <= len(seen) <= 100
    page = first
    while "tasks_next" in buttons(page):
        page = tables.press(buttons(page)["tasks_next"])
        seen += row_ids(page)
    assert sorted(seen) == sorted(str(r["TaskId"]) for r in tables.sim.records())
    again = tables.command("all", team_id="T0TABLE1")
    assert again.answered_in_ack, "the workspace accepted a table: acks carry it now"
    assert row_ids(again.ack or {}) == row_ids(first)


def pick(wire: InProcess, task_id: str, workspace_id: str = "T0TABLE2") -> dict[str, Any]:
    rid = wire.new_response_id()
    payload = block_actions_payload(
        ACTION_TASK_PICK, "", response_url=wire.fake.response_url(rid), team_id=workspace_id
    )
    payload["actions"][0] = {
        "type": "static_select",
        "action_id": ACTION_TASK_PICK,
        "block_id": "tasks_pick",
        "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": task_id},
        "action_ts": "1700000000.000200",
    }
    assert wire.interact(payload).status_code == 200
    body = wire.fake.wait_for_response_sync(rid)
    wire.check_responses(rid, 1)
    return body


def test_the_select_shows_the_chosen_task_privately(tables: InProcess) -> None:
    task_id = str(tables.sim.records()[7]["TaskId"])
    shown = pick(tables, task_id)
    assert shown["response_type"] == "ephemeral" and shown["replace_original"] is False
    assert task_id in json.dumps(shown)


def test_the_select_never_trusts_the_task_id(tables: InProcess) -> None:
    shown = pick(tables, "f" * 32)
    assert "IVC lists no task" in json.dumps(shown, ensure_ascii=False)


def test_a_workspace_refusing_data_table_gets_the_classic_list_and_keeps_it(
    refusing: InProcess,
) -> None:
    first = refusing.command("all", team_id="T0OLD").wait_response()
    assert not any(b["type"] == "data_table" for b in first["blocks"])
    assert len(task_ids(first)) == 20, "the classic cards"
    assert refusing.fake.refusal_count() == 1
    second = refusing.command("all", team_id="T0OLD").answer()
    assert task_ids(second) == task_ids(first)
    assert refusing.fake.refusal_count() == 1, "no newer block is tried again"
    memory = RenderingStore(refusing.runtime.db)
    assert refusing.app.call(memory.get("T0OLD")).refused == {"tables"}


def test_five_tasks_or_fewer_keep_the_cards_in_the_ack(tables: InProcess) -> None:
    reply = tables.command("search no-such-task-name", team_id="T0TABLE3")
    assert reply.answered_in_ack and not any(
        b["type"] == "data_table" for b in (reply.ack or {})["blocks"]
    )
