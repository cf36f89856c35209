"""``report [7d|30d]`` / ``报告`` through the app: charts from the recorded history, and the
classic lines where the workspace refuses charts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.reports.history import HistoryEvent, Sighting
from bot.slack.admin_paths import HOME_REFRESH
from bot.store.unit_of_work import UnitOfWork
from tests.support.blockkit import assert_valid_home
from tests.support.in_process import InProcess, start_in_process


@pytest.fixture(scope="module")
def reporting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    with start_in_process(
        tmp_path_factory.mktemp("report"), BLOCK_KIT="auto", CACHE_TTL_SECONDS="600"
    ) as wire:
        now = datetime.now(UTC)
        events = [
            HistoryEvent("r1", now - timedelta(days=20), Sighting.BASELINE, 2, 0, 7, "cam-1"),
            HistoryEvent("r1", now - timedelta(hours=5), Sighting.STATUS, 0, 2048, 7, "cam-1"),
        ]

        async def record() -> None:
            async with UnitOfWork(wire.runtime.db).begin() as tx:
                await tx.record_history(events)

        wire.app.call(record())
        yield wire


def charts(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in payload["blocks"] if b["type"] == "data_visualization"]


@pytest.mark.parametrize("text", ["report", "report 30d", "报告 30天"])
def test_report_draws_two_charts(reporting: InProcess, text: str) -> None:
    answer = reporting.command(text, team_id="T0REPORT").wait_response()
    assert len(charts(answer)) == 2
    assert "2.0 GB" in json.dumps(answer)


def test_bad_period_says_what_to_do(reporting: InProcess) -> None:
    answer = reporting.ask("report 9d", team_id="T0REPORT")
    assert "report 30d" in json.dumps(answer)


def home_of(wire: InProcess, user_id: str, workspace_id: str) -> dict[str, Any]:
    published = len([c for c in wire.fake.calls("views.publish") if c.ok])
    reply = wire.click(HOME_REFRESH, "", user_id=user_id, team_id=workspace_id)
    assert reply.status == 200
    wire.fake.wait_for_sync(
        lambda: len([c for c in wire.fake.calls("views.publish") if c.ok]) > published, 10
    )
    view = wire.fake.home_view(user_id)
    assert view is not None
    assert_valid_home(view["blocks"])
    return view


def test_the_home_tab_shows_the_last_seven_days_with_charts(reporting: InProcess) -> None:
    view = home_of(reporting, "U0HOMEREP", "T0REPORT")
    assert len(charts(view)) == 2


def test_a_workspace_refusing_charts_gets_lines(reporting: InProcess) -> None:
    reporting.fake.refuse_block_type("data_visualization")
    answer = reporting.command("report", team_id="T0NOCHARTS").wait_response()
    assert charts(answer) == []
    assert any(b.get("block_id") == "report_days" for b in answer["blocks"])
    refusals = reporting.fake.refusal_count()
    view = home_of(reporting, "U0HOMEOLD", "T0NOCHARTS")
    assert charts(view) == [], "the home tab is classic there too, without trying again"
    assert any(b.get("block_id") == "home_report_days" for b in view["blocks"])
    assert reporting.fake.refusal_count() == refusals


def test_views_publish_refused_once_then_classic(reporting: InProcess) -> None:
    reporting.fake.refuse_block_type("data_visualization")
    refusals = reporting.fake.refusal_count()
    view = home_of(reporting, "U0HOMENEW", "T0HOMEONLY")
    assert charts(view) == [] and reporting.fake.refusal_count() == refusals + 1
    home_of(reporting, "U0HOMENEW", "T0HOMEONLY")
    assert reporting.fake.refusal_count() == refusals + 1, "remembered"
