"""Over the wire (signed requests to the app's HTTP server, BLOCK_KIT=auto): a workspace refusing
one kind of newer block keeps the others, and a refusal naming none gives up alerts, then tables."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.reports.history import HistoryEvent, Sighting
from bot.slack.admin_paths import HOME_REFRESH
from bot.store.block_kit import RenderingStore, WorkspaceRenderings
from bot.store.database import Database
from bot.store.engine import create_engine
from bot.store.unit_of_work import UnitOfWork
from tests.support.app_fixtures import Wire, context_text, start_wire, task_ids
from tests.support.polling import wait_until


@dataclass
class Refusing:
    """The app as a subprocess, and its SQLite database (opened from this process too)."""

    wire: Wire
    database_url: str

    def memory(self, workspace_id: str) -> WorkspaceRenderings:
        """What the app's database remembers of ``workspace_id``'s newer blocks."""

        async def read() -> WorkspaceRenderings:
            db = Database(create_engine(self.database_url))  # the app migrated it
            try:
                return await RenderingStore(db).get(workspace_id)
            finally:
                await db.aclose()

        return asyncio.run(read())

    def learnt(
        self, workspace_id: str, what: str, done: Callable[[WorkspaceRenderings], bool]
    ) -> None:
        """Wait until the app wrote its lesson: it does so once Slack answered its request,
        which may be after the test saw the body."""
        wait_until(lambda: done(self.memory(workspace_id)), f"{workspace_id}: {what}", 10)


def seed_history(database_url: str) -> None:
    """A day's retrieval in the app's history (so reports draw charts), before it starts."""
    now = datetime.now(UTC)
    events = [
        HistoryEvent("r1", now - timedelta(days=3), Sighting.BASELINE, 2, 0, 7, "cam-1"),
        HistoryEvent("r1", now - timedelta(hours=5), Sighting.STATUS, 0, 2048, 7, "cam-1"),
    ]

    async def record() -> None:
        db = await Database.open(database_url)
        try:
            async with UnitOfWork(db).begin() as tx:
                await tx.record_history(events)
        finally:
            await db.aclose()

    asyncio.run(record())


@contextmanager
def refusing(tmp_path: Path, block_type: str, *, named: bool) -> Iterator[Refusing]:
    """The app, with a day's retrieval in its history, talking to a Slack that refuses
    ``block_type``."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    seed_history(url)
    with start_wire(tmp_path, BLOCK_KIT="auto", CACHE_TTL_SECONDS="600", DATABASE_URL=url) as wire:
        wire.fake.refuse_block_type(block_type, named=named)
        yield Refusing(wire, url)
        wire.check_all_sent()


@pytest.fixture(scope="module")
def no_charts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Refusing]:
    with refusing(tmp_path_factory.mktemp("no-charts"), "data_visualization", named=True) as app:
        yield app


@pytest.fixture(scope="module")
def no_tables(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Refusing]:
    with refusing(tmp_path_factory.mktemp("no-tables"), "data_table", named=False) as app:
        yield app


def of_type(payload: dict[str, Any], block_type: str) -> list[dict[str, Any]]:
    return [b for b in payload["blocks"] if b["type"] == block_type]


def home_tab(wire: Wire, user_id: str, workspace_id: str) -> dict[str, Any]:
    """The Home tab published after a click on its Refresh button."""
    published = len([c for c in wire.fake.calls("views.publish") if c.ok])
    assert wire.click(HOME_REFRESH, "", user_id=user_id, team_id=workspace_id).status == 200
    wire.fake.wait_for_sync(
        lambda: len([c for c in wire.fake.calls("views.publish") if c.ok]) > published, 10
    )
    view = wire.fake.home_view(user_id)
    assert view is not None
    return view


def test_a_workspace_refusing_charts_keeps_its_data_tables(no_charts: Refusing) -> None:
    wire = no_charts.wire
    report = wire.command("report", team_id="T0NOCHART").wait_response()
    assert of_type(report, "data_visualization") == []
    assert any(b.get("block_id") == "report_days" for b in report["blocks"]), "chart as lines"
    assert wire.fake.refusal_count() == 1

    listed = wire.command("all", team_id="T0NOCHART").answer()
    assert len(of_type(listed, "data_table")) == 1, "the chart's refusal took no table away"
    no_charts.learnt("T0NOCHART", "tables accepted", lambda m: "tables" in m.accepted)
    again = wire.command("all", team_id="T0NOCHART")
    assert again.answered_in_ack and len(of_type(again.ack or {}, "data_table")) == 1
    assert wire.fake.refusal_count() == 1, "nothing refused is tried again"
    memory = no_charts.memory("T0NOCHART")
    assert memory.refused == {"charts"} and "tables" in memory.accepted


def test_a_workspace_refusing_tables_keeps_its_charts(no_tables: Refusing) -> None:
    wire = no_tables.wire
    workspace = wire.fake.team_id  # the app's own workspace: its Home tab opens to its people
    listed = wire.command("all", team_id=workspace).answer()
    assert of_type(listed, "data_table") == [] and len(task_ids(listed)) == 20, "cards"
    no_tables.learnt(workspace, "tables refused", lambda m: "tables" in m.refused)
    refusals = wire.fake.refusal_count()

    report = wire.command("report", team_id=workspace).wait_response()
    assert len(of_type(report, "data_visualization")) == 2
    view = home_tab(wire, "U0NOTABLE", workspace)
    assert len(of_type(view, "data_visualization")) == 2, "views.publish keeps the charts too"
    assert wire.fake.refusal_count() == refusals
    assert no_tables.memory(workspace).refused == {"tables"}


def test_a_refusal_naming_no_block_gives_up_alerts_then_tables(no_tables: Refusing) -> None:
    """A stale list holds an alert and a table: two kinds, so at most two retries."""
    wire = no_tables.wire
    wire.reload_cache()
    wire.sim.set_fault("http-500")
    before = len(wire.fake.refused_block_types())
    try:
        answer = wire.command("all refresh", team_id="T0GUESS").answer()
        refused = wire.fake.refused_block_types()[before:]
    finally:
        wire.reset()  # its reload is a Slack request too: refusals counted before it
    tried = [sorted({t for t in types if t in ("alert", "data_table")}) for types in refused]
    assert tried == [["alert", "data_table"], ["data_table"]]
    assert of_type(answer, "alert") == [] and of_type(answer, "data_table") == []
    assert context_text(answer, "tasks_footer").startswith(":warning:"), "the stale note stays"
    no_tables.learnt("T0GUESS", "a refusal remembered", lambda m: bool(m.refused))
    assert no_tables.memory("T0GUESS").refused == {"tables"}, "the alert was only a guess"
