"""Building what a status report shows."""

from datetime import timedelta

from bot.ivc.models import TaskStatus
from bot.subscriptions import (
    build_report_input,
    diff_tasks,
)
from bot.tasks import StatusGroup
from bot.tasks.memory import TaskMemory, estimated_expiry
from tests.support.tasks import NOW, make_memory, make_task, make_tasks


def memory_of(task_id: str, **values) -> TaskMemory:
    return make_memory(task_id, **values)


def test_counts_reuse_the_stats() -> None:
    tasks = [make_task(task_id=str(i), status=TaskStatus.PENDING, capacity_mb=100) for i in "ab"]
    data = build_report_input(tasks, {}, None, NOW)
    assert data.stats.groups[StatusGroup.PENDING].count == 2
    assert data.stats.groups[StatusGroup.PENDING].capacity_mb == 200
    assert data.total_tasks == 2


def test_changed_since_the_previous_summary_newest_first() -> None:
    since = NOW - timedelta(hours=4)
    tasks = [make_task(task_id=i, status=TaskStatus.RETRIEVED) for i in "abc"]
    memory = {
        "a": memory_of("a", status=0, status_changed_at=since - timedelta(minutes=1)),
        "b": memory_of(
            "b", status=0, status_changed_at=since + timedelta(hours=1), previous_status=1
        ),
        "c": memory_of("c", status=0, status_changed_at=since + timedelta(hours=2)),
    }
    data = build_report_input(tasks, memory, since, NOW)
    assert [c.task.task_id for c in data.changed] == ["c", "b"]
    assert data.changed_total == 2
    assert data.changed[1].from_status == 1 and data.changed[0].from_status is None
    assert build_report_input(tasks, memory, None, NOW).changed_total == 0


def test_oldest_pending_waits_since_first_seen() -> None:
    tasks = [make_task(task_id=i, status=TaskStatus.PENDING) for i in "abc"]
    tasks.append(make_task(task_id="r", status=TaskStatus.RETRIEVED))
    memory = {
        "a": memory_of("a", first_seen_at=NOW - timedelta(hours=2)),
        "b": memory_of("b", first_seen_at=NOW - timedelta(hours=5)),
        "c": memory_of("c", first_seen_at=NOW - timedelta(hours=1)),
        "r": memory_of("r", status=0, first_seen_at=NOW - timedelta(days=9)),
    }
    oldest = build_report_input(tasks, memory, None, NOW).oldest_pending
    assert oldest is not None
    assert (oldest.task.task_id, oldest.waiting) == ("b", timedelta(hours=5))


def test_no_pending_no_oldest() -> None:
    data = build_report_input([make_task(status=TaskStatus.RETRIEVED)], {}, None, NOW)
    assert data.oldest_pending is None


def test_expiring_within_24_hours_soonest_first() -> None:
    tasks = [make_task(task_id=i, status=TaskStatus.RETRIEVED, expiration_days=1) for i in "abcd"]
    memory = {
        # expires in 5 h
        "a": memory_of(
            "a", status=0, retrieved_seen_at=NOW - timedelta(hours=19), expiration_days=1
        ),
        # expires in 1 h
        "b": memory_of(
            "b", status=0, retrieved_seen_at=NOW - timedelta(hours=23), expiration_days=1
        ),
        # expired an hour ago: not listed
        "c": memory_of(
            "c", status=0, retrieved_seen_at=NOW - timedelta(hours=25), expiration_days=1
        ),
        # expires in 2 days: not yet
        "d": memory_of("d", status=0, retrieved_seen_at=NOW, expiration_days=2),
    }
    data = build_report_input(tasks, memory, None, NOW)
    assert [(e.task.task_id, e.expires_at - NOW) for e in data.expiring] == [
        ("b", timedelta(hours=1)),
        ("a", timedelta(hours=5)),
    ]
    assert data.expiring_total == 2


def test_only_retrieved_tasks_expire() -> None:
    task = make_task(task_id="p", status=TaskStatus.RETRIEVING)
    memory = {"p": memory_of("p", retrieved_seen_at=NOW - timedelta(days=10, hours=-1))}
    assert build_report_input([task], memory, None, NOW).expiring_total == 0


def test_estimated_expiry_handles_absurd_days() -> None:
    assert estimated_expiry(memory_of("x")) is None
    seen = NOW
    assert estimated_expiry(memory_of("x", retrieved_seen_at=seen, expiration_days=-5)) == seen
    assert estimated_expiry(memory_of("x", retrieved_seen_at=seen, expiration_days=10**12))


def test_lists_are_capped_and_counted() -> None:
    since = NOW - timedelta(hours=1)
    tasks = [make_task(task_id=f"t{i}", status=TaskStatus.RETRIEVED) for i in range(50)]
    memory = {
        t.task_id: memory_of(
            t.task_id,
            status=0,
            status_changed_at=NOW - timedelta(minutes=i),
            retrieved_seen_at=NOW - timedelta(days=10) + timedelta(minutes=i),
        )
        for i, t in enumerate(tasks, start=1)
    }
    data = build_report_input(tasks, memory, since, NOW, limit=10)
    assert len(data.changed) == 10 and data.changed_total == 50
    assert [c.task.task_id for c in data.changed][:2] == ["t0", "t1"]
    assert len(data.expiring) == 10 and data.expiring_total == 50
    assert data.expiring[0].task.task_id == "t0"


def test_hundred_thousand_tasks() -> None:
    """Correctness at scale (its speed is measured in bench/, not asserted here)."""
    tasks = make_tasks(100_000)
    memory = diff_tasks({}, tasks, NOW - timedelta(hours=23, minutes=30)).memory
    data = build_report_input(tasks, memory, NOW - timedelta(days=1), NOW)
    assert data.total_tasks == 100_000
    assert data.changed_total == 100_000 and len(data.changed) == 10
    assert data.oldest_pending is not None
