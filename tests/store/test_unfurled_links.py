"""The posted task links the app follows: one row per message and link (unfurled again: the
same row), the newest kept per task and per workspace, the old ones purged."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.store import unfurled_links
from bot.store.database import Database
from bot.store.unfurled_links import UnfurledLink, UnfurledLinkStore

NOW = datetime(2026, 3, 2, tzinfo=UTC)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def link(ts: str, *, task_id: str = "t1", minutes: int = 0, team: str = "T1") -> UnfurledLink:
    return UnfurledLink(
        team_id=team,
        channel_id="C1",
        message_ts=ts,
        url=f"https://tasks.example.com/tasks/{task_id}",
        task_id=task_id,
        account="",
        full=True,
        status=2,
        unfurled_at=NOW + timedelta(minutes=minutes),
    )


async def test_a_link_unfurled_again_in_the_same_message_is_one_row(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        store = UnfurledLinkStore(db)
        await store.record(link("1.1"))
        await store.record(link("1.1", minutes=5))
        [row] = await store.of_tasks("", ["t1"], EPOCH)
        assert row.unfurled_at == NOW + timedelta(minutes=5)
        await store.refreshed(row.id, 1, NOW)
        [row] = await store.of_tasks("", ["t1"], EPOCH)
        assert row.status == 1
        assert await store.of_tasks("other-account", ["t1"], EPOCH) == []
        assert await store.of_tasks("", ["t1"], NOW + timedelta(minutes=6)) == []
    finally:
        await db.aclose()


async def test_the_newest_links_are_kept_per_task_and_per_workspace(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unfurled_links, "MAX_PER_TASK", 2)
    monkeypatch.setattr(unfurled_links, "MAX_PER_WORKSPACE", 3)
    db = await Database.open(database_url)
    try:
        store = UnfurledLinkStore(db)
        for minute in range(3):
            await store.record(link(f"1.{minute}", minutes=minute))
        rows = await store.of_tasks("", ["t1"], EPOCH)
        assert [r.message_ts for r in rows] == ["1.1", "1.2"], "the task's newest two"
        await store.record(link("2.0", task_id="t2", minutes=3))
        await store.record(link("3.0", task_id="t3", minutes=4))
        rows = await store.of_tasks("", ["t1", "t2", "t3"], EPOCH)
        assert [r.message_ts for r in rows] == ["1.2", "2.0", "3.0"], "the workspace's newest"
        await store.record(link("4.0", task_id="t4", minutes=5, team="T2"))
        assert len(await store.of_tasks("", ["t1", "t2", "t3", "t4"], EPOCH)) == 4
    finally:
        await db.aclose()


async def test_links_unfurled_before_the_cutoff_are_purged(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        store = UnfurledLinkStore(db)
        await store.record(link("1.0"))
        await store.record(link("2.0", minutes=10))
        assert await store.purge(NOW + timedelta(minutes=5)) == 1
        assert [r.message_ts for r in await store.of_tasks("", ["t1"], EPOCH)] == ["2.0"]
    finally:
        await db.aclose()


async def test_a_link_too_long_to_store_is_not_followed(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        store = UnfurledLinkStore(db)
        await store.record(replace(link("1.0"), url="https://x/" + "a" * 1000))
        assert await store.of_tasks("", ["t1"], EPOCH) == []
    finally:
        await db.aclose()


async def test_a_link_keeps_the_camera_count_it_showed(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        store = UnfurledLinkStore(db)
        await store.record(replace(link("1.0"), cameras=4))
        await store.record(link("2.0"))
        rows = await store.of_tasks("", ["t1"], EPOCH)
        assert [(r.message_ts, r.cameras) for r in rows] == [("1.0", 4), ("2.0", None)]
    finally:
        await db.aclose()


async def test_an_older_change_unfurled_late_does_not_overwrite_a_newer_one(
    database_url: str,
) -> None:
    db = await Database.open(database_url)
    try:
        store = UnfurledLinkStore(db)
        await store.record(link("1.0"))
        [row] = await store.of_tasks("", ["t1"], EPOCH)
        await store.refreshed(row.id, 0, NOW + timedelta(minutes=2))
        await store.refreshed(row.id, 1, NOW + timedelta(minutes=1))  # landed last
        [row] = await store.of_tasks("", ["t1"], EPOCH)
        assert row.status == 0, "the newer change's status stays"
        await store.refreshed(row.id, 1, NOW + timedelta(minutes=3))
        [row] = await store.of_tasks("", ["t1"], EPOCH)
        assert row.status == 1
    finally:
        await db.aclose()
