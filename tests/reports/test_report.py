"""Reports from recorded history: per-day numbers, waits, totals and change, the slowest
task, expiring copies, 30 days grouped for the chart limit, and days before the app ran."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.features.report.period_report import render_report
from bot.ivc.models import TaskStatus
from bot.reports.history import HistoryEvent, Sighting, history_events
from bot.reports.report import build_report, median, percentile, retrievals
from bot.views.i18n import LANGS
from bot.views.rendering import Rendering
from tests.support.tasks import make_memory, make_task
from tests.views.helpers import blocks_of, checked, dump

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
PENDING, RETRIEVED = int(TaskStatus.PENDING), int(TaskStatus.RETRIEVED)


def event(
    task_id: str,
    at: datetime,
    status: int,
    kind: Sighting = Sighting.STATUS,
    mb: float = 1024.0,
    name: str = "cam",
    days: int = 7,
) -> HistoryEvent:
    return HistoryEvent(task_id, at, kind, status, mb, days, name)


def retrieved_after(
    task_id: str, pending_at: datetime, hours: float, mb: float = 1024.0
) -> list[HistoryEvent]:
    return [
        event(task_id, pending_at, PENDING, Sighting.SEEN, mb),
        event(task_id, pending_at + timedelta(hours=hours), RETRIEVED, mb=mb),
    ]


def test_history_events_first_sightings_and_changes_only() -> None:
    task = make_task(task_id="a" * 32, status=TaskStatus.RETRIEVED)
    fresh = history_events({}, [task], NOW, baseline=True)
    assert [e.event for e in fresh] == [Sighting.BASELINE]
    same = make_memory("a" * 32, status=RETRIEVED)
    assert history_events({"a" * 32: same}, [task], NOW, baseline=False) == []
    changed = make_memory("a" * 32, status=PENDING)
    (change,) = history_events({"a" * 32: changed}, [task], NOW, baseline=False)
    assert change.event is Sighting.STATUS and change.status == RETRIEVED


def test_baseline_retrieved_tasks_are_not_counted_as_retrieved() -> None:
    events = [event("a", NOW - 3 * DAY, RETRIEVED, Sighting.BASELINE)]
    assert retrievals(events) == []


def test_percentiles() -> None:
    assert median([1, 2, 3, 4]) == 2.5
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile([], 0.9) == 0


def test_seven_days_numbers_match_the_history() -> None:
    start = NOW - 20 * DAY  # history began long before both periods
    events = [event("old", start, PENDING, Sighting.BASELINE)]
    events += retrieved_after("a", NOW - 2 * DAY, hours=2, mb=2048)
    events += retrieved_after("b", NOW - 2 * DAY, hours=10, mb=1024)
    events += retrieved_after("c", NOW - 9 * DAY, hours=1)  # the period before
    report = build_report(events, now=NOW, days=7)
    assert report.days_unknown == 0 and len(report.buckets) == 7
    day = next(b for b in report.buckets if b.first == (NOW - 2 * DAY).date())
    assert (day.retrieved, day.capacity_mb, day.wait_median_hours) == (2, 3072.0, 6.0)
    assert day.wait_p90_hours == 10.0
    assert report.totals.retrieved == 2 and report.previous is not None
    assert report.previous.retrieved == 1
    assert report.slowest is not None and report.slowest.task_id == "b"


def test_thirty_days_are_grouped_within_twenty_categories() -> None:
    events = [event("old", NOW - 80 * DAY, PENDING, Sighting.BASELINE)]
    report = build_report(events, now=NOW, days=30)
    assert len(report.buckets) == 15 and report.buckets[0].first != report.buckets[0].last
    message = checked(render_report(report, now=NOW, rendering=Rendering.NEWER))
    assert len(blocks_of(message, "data_visualization")) == 2


def test_a_period_before_the_app_ran_says_so_instead_of_zeros() -> None:
    events = retrieved_after("a", NOW - 2 * DAY, hours=2)
    report = build_report(events, now=NOW, days=7)
    assert report.days_unknown == 4 and len(report.buckets) == 3  # 13th to 15th
    assert report.previous is None
    text = dump(checked(render_report(report, now=NOW, rendering=Rendering.NEWER)))
    assert "are not drawn" in text and "No earlier period" in text


def test_no_history_at_all() -> None:
    message = checked(render_report(build_report([], now=NOW, days=7), now=NOW))
    assert "No history yet" in dump(message)
    assert not blocks_of(message, "data_visualization")


def test_copies_expiring_within_seven_days() -> None:
    events = [
        event("soon", NOW - 5 * DAY, RETRIEVED, days=7),  # expires in 2 days
        event("later", NOW - 1 * DAY, RETRIEVED, days=30),
        event("past", NOW - 9 * DAY, RETRIEVED, days=7),
    ]
    report = build_report(events, now=NOW, days=7)
    assert [e.task_id for e in report.expiring] == ["soon"]
    assert build_report(events, now=NOW, days=7, listed=set()).expiring == ()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rendering", [Rendering.CLASSIC, Rendering.NEWER])
def test_report_messages_validate(lang: str, rendering: Rendering) -> None:
    events = [event("old", NOW - 40 * DAY, PENDING, Sighting.BASELINE)]
    for i in range(30):
        events += retrieved_after(f"t{i}", NOW - i * DAY, hours=i + 1, mb=100.0 * i)
    events.append(event("<@U1>", NOW - DAY, RETRIEVED, name="<!channel> *x*"))
    for days in (7, 30):
        message = checked(
            render_report(
                build_report(events, now=NOW, days=days), now=NOW, lang=lang, rendering=rendering
            )
        )
        charts = blocks_of(message, "data_visualization")
        assert len(charts) == (2 if rendering is Rendering.NEWER else 0)
