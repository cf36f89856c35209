"""``report [7d|30d]`` / ``报告`` through the app: charts from the recorded history, and the
classic lines where the workspace refuses charts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.reports.history import HistoryEvent, Sighting
from bot.store.unit_of_work import UnitOfWork
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


def test_a_workspace_refusing_charts_gets_lines(reporting: InProcess) -> None:
    reporting.fake.refuse_block_type("data_visualization")
    answer = reporting.command("report", team_id="T0NOCHARTS").wait_response()
    assert charts(answer) == []
    assert any(b.get("block_id") == "report_days" for b in answer["blocks"])
