"""A workspace refusing one kind of newer block keeps the others (BLOCK_KIT=auto): without
charts it still gets data tables, without data tables still charts (commands, the Home tab),
and a refusal naming no block gives up alerts before tables, one retry per kind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.reports.history import HistoryEvent, Sighting
from bot.store.block_kit import BlockKitStore, WorkspaceBlocks
from bot.store.unit_of_work import UnitOfWork
from bot.views import HOME_REFRESH
from tests.support.app_fixtures import context_text, task_ids
from tests.support.in_process import InProcess, start_in_process


@contextmanager
def refusing(tmp_path: Path, block_type: str, *, named: bool) -> Iterator[InProcess]:
    """The app, with a day's retrieval in its history (so reports draw charts), talking to a
    Slack that refuses ``block_type``."""
    with start_in_process(tmp_path, BLOCK_KIT="auto", CACHE_TTL_SECONDS="600") as wire:
        now = datetime.now(UTC)
        events = [
            HistoryEvent("r1", now - timedelta(days=3), Sighting.BASELINE, 2, 0, 7, "cam-1"),
            HistoryEvent("r1", now - timedelta(hours=5), Sighting.STATUS, 0, 2048, 7, "cam-1"),
        ]

        async def record() -> None:
            async with UnitOfWork(wire.runtime.db).begin() as tx:
                await tx.record_history(events)

        wire.app.call(record())
        wire.fake.refuse_block_type(block_type, named=named)
        yield wire


@pytest.fixture(scope="module")
def no_charts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    with refusing(tmp_path_factory.mktemp("no-charts"), "data_visualization", named=True) as wire:
        yield wire


@pytest.fixture(scope="module")
def no_tables(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    with refusing(tmp_path_factory.mktemp("no-tables"), "data_table", named=False) as wire:
        yield wire


def of_type(payload: dict[str, Any], block_type: str) -> list[dict[str, Any]]:
    return [b for b in payload["blocks"] if b["type"] == block_type]


def memory_of(wire: InProcess, team_id: str) -> WorkspaceBlocks:
    return wire.app.call(BlockKitStore(wire.runtime.db).get(team_id))


def home_tab(wire: InProcess, user_id: str, team_id: str) -> dict[str, Any]:
    """The Home tab published after a click on its Refresh button."""
    published = len([c for c in wire.fake.calls("views.publish") if c.ok])
    assert wire.click(HOME_REFRESH, "", user_id=user_id, team_id=team_id).status == 200
    wire.fake.wait_for_sync(
        lambda: len([c for c in wire.fake.calls("views.publish") if c.ok]) > published, 10
    )
    view = wire.fake.home_view(user_id)
    assert view is not None
    return view


def test_a_workspace_refusing_charts_keeps_its_data_tables(no_charts: InProcess) -> None:
    report = no_charts.command("report", team_id="T0NOCHART").wait_response()
    assert of_type(report, "data_visualization") == []
    assert any(b.get("block_id") == "report_days" for b in report["blocks"]), "chart as lines"
    assert no_charts.fake.refusal_count() == 1

    listed = no_charts.command("all", team_id="T0NOCHART").answer()
    assert len(of_type(listed, "data_table")) == 1, "the chart's refusal took no table away"
    again = no_charts.command("all", team_id="T0NOCHART")
    assert again.answered_in_ack and len(of_type(again.ack or {}, "data_table")) == 1
    assert no_charts.fake.refusal_count() == 1, "nothing refused is tried again"
    memory = memory_of(no_charts, "T0NOCHART")
    assert memory.refused == {"charts"} and "tables" in memory.accepted


def test_a_workspace_refusing_tables_keeps_its_charts(no_tables: InProcess) -> None:
    team = no_tables.fake.team_id  # the app's own workspace: its Home tab opens to its people
    listed = no_tables.command("all", team_id=team).answer()
    assert of_type(listed, "data_table") == [] and len(task_ids(listed)) == 20, "cards"
    refusals = no_tables.fake.refusal_count()

    report = no_tables.command("report", team_id=team).wait_response()
    assert len(of_type(report, "data_visualization")) == 2
    view = home_tab(no_tables, "U0NOTABLE", team)
    assert len(of_type(view, "data_visualization")) == 2, "views.publish keeps the charts too"
    assert no_tables.fake.refusal_count() == refusals
    assert memory_of(no_tables, team).refused == {"tables"}


def test_a_refusal_naming_no_block_gives_up_alerts_then_tables(no_tables: InProcess) -> None:
    """A stale list holds an alert and a table: two kinds, so at most two retries."""
    no_tables.reload_cache()
    no_tables.sim.set_fault("http-500")
    before = len(no_tables.fake.refused_block_types())
    try:
        answer = no_tables.command("all refresh", team_id="T0GUESS").answer()
    finally:
        no_tables.reset()
    tried = [
        sorted({t for t in types if t in ("alert", "data_table")})
        for types in no_tables.fake.refused_block_types()[before:]
    ]
    assert tried == [["alert", "data_table"], ["data_table"]]
    assert of_type(answer, "alert") == [] and of_type(answer, "data_table") == []
    assert context_text(answer, "tasks_footer").startswith(":warning:"), "the stale note stays"
    assert memory_of(no_tables, "T0GUESS").refused == {"tables"}, "the alert was only a guess"
