"""The app is killed (SIGKILL) while it posts a channel summary, restarted, then killed again
while it posts a notification, and restarted: every due summary and notification is posted
exactly once (counted by the delivery key in the messages' metadata), nothing is left pending
or claimed, and the database passes an integrity check. SQLite and PostgreSQL.

The fake Slack holds the summary post for 3 s and then accepts it (it lands after the crash:
the restarted app must find it and not post it again); it holds the notification post for 3 s
and then fails it (it never landed: the restarted app must post it once). A crashed claim is
taken over when its lease (15 s with a 1 s poll interval) runs out.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update

from bot.slack.poster import EVENT_TYPE
from bot.store.database import Database
from bot.store.schema import subscriptions
from tests.support.app_fixtures import Wire, baseline_records
from tests.support.fake_slack import FakeSlack
from tests.support.polling import wait_until
from tests.support.reliability import crash_replicas, record_result

CHANNEL = "C0CRASH"
HOLD = 3.0  # seconds the fake Slack holds a post before answering
LEASE_WAIT = 45.0  # deadline for a crashed claim to be taken over and delivered


def _db(url: str, work: Callable[[Database], Any]) -> Any:
    async def run() -> Any:
        db = await Database.open(url)
        try:
            return await work(db)
        finally:
            await db.aclose()

    return asyncio.run(run())


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    async def query(db: Database) -> list[tuple[Any, ...]]:
        async with db.engine.connect() as conn:
            return [tuple(r) for r in await conn.execute(text(sql))]

    return _db(url, query)


def _make_summary_due(url: str) -> None:
    async def due(db: Database) -> None:
        async with db.engine.begin() as conn:
            await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.kind == "summary")
                .values(next_run_at=datetime.now(UTC))
            )

    _db(url, due)


def _claimed(url: str, kind: str) -> bool:
    return bool(
        _rows(url, f"SELECT id FROM deliveries WHERE kind = '{kind}' AND state = 'claimed'")
    )


def _keys(fake: FakeSlack) -> list[str]:
    return [
        m["metadata"]["event_payload"]["key"]
        for m in fake.messages(CHANNEL)
        if (m.get("metadata") or {}).get("event_type") == EVENT_TYPE
    ]


def _in_flight(fake: FakeSlack) -> bool:
    """The held post has reached the fake Slack (its programmed answer is used)."""
    return fake.programmed("chat.postMessage") == 0


def _integrity(url: str, path: Path | None) -> dict[str, Any]:
    orphans = _rows(
        url,
        "SELECT count(*) FROM deliveries d WHERE d.subscription_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM subscriptions s WHERE s.id = d.subscription_id)",  # (DMs have none)
    )[0][0]
    orphans += _rows(
        url,
        "SELECT count(*) FROM cards c WHERE NOT EXISTS "
        "(SELECT 1 FROM subscriptions s WHERE s.id = c.subscription_id)",
    )[0][0]
    duplicates = _rows(
        url,
        "SELECT count(*) FROM (SELECT dedupe_key FROM deliveries "
        "GROUP BY dedupe_key HAVING count(*) > 1) x",
    )[0][0]
    states = dict(_rows(url, "SELECT state, count(*) FROM deliveries GROUP BY state"))
    result = {"orphan_rows": orphans, "duplicate_keys": duplicates, "deliveries": states}
    if path is not None:
        with sqlite3.connect(path) as conn:
            result["integrity_check"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
            result["foreign_key_violations"] = len(
                conn.execute("PRAGMA foreign_key_check").fetchall()
            )
    else:
        result["constraints_valid"] = (
            _rows(url, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated")[0][0] == 0
        )
    return result


def test_killed_mid_post_delivers_everything_exactly_once(database_url, tmp_path):
    sqlite_path = None
    if database_url.startswith("sqlite"):
        sqlite_path = Path(database_url.split("///", 1)[1])
    kills: list[str] = []
    with crash_replicas(database_url, tmp_path, baseline_records()) as rig:
        sim, fake = rig.sim, rig.fake

        def start(name: str) -> Wire:
            return Wire(rig.start(name), sim, fake)

        wire = start("first")
        for text_ in ("subscribe every 1h", "subscribe notify"):
            assert wire.command(text_, channel_id=CHANNEL).status == 200
        wait_until(
            lambda: len([k for k in _keys(fake) if k.startswith("subscribed:")]) == 2,
            "the two subscriptions were confirmed",
            15,
        )
        wait_until(
            lambda: _rows(database_url, "SELECT value FROM worker_state"),
            "the first poll recorded a baseline",
            15,
        )

        # 1. killed while the summary is being posted (it lands after the crash)
        fake.delay_next("chat.postMessage", HOLD)
        _make_summary_due(database_url)
        wait_until(
            lambda: _claimed(database_url, "summary") and _in_flight(fake),
            "the summary post is in flight",
            15,
        )
        wire.app.process.kill()
        wire.app.process.wait(10)
        kills.append("summary")
        wire = start("second")

        # 2. killed while a notification is being posted (it never lands)
        fake.fail_next("chat.postMessage", status=500, delay=HOLD)
        new = {**baseline_records()[0], "TaskId": "c" * 32, "TaskName": "crash-cam <!here>"}
        sim.sim.set_tasks([*baseline_records(), new])
        wait_until(
            lambda: _claimed(database_url, "card") and _in_flight(fake),
            "the notification post is in flight",
            20,
        )
        wire.app.process.kill()
        wire.app.process.wait(10)
        kills.append("notification")
        wire = start("third")

        def drained() -> bool:
            states = dict(
                _rows(database_url, "SELECT state, count(*) FROM deliveries GROUP BY state")
            )
            return states.get("done", 0) >= 2 and not (
                states.get("pending") or states.get("claimed")
            )

        wait_until(drained, "every delivery done after the restart", LEASE_WAIT)
        summaries = [k for k in _keys(fake) if k.startswith("summary:")]
        wait_until(
            lambda: [k for k in _keys(fake) if k.startswith("card:")],
            "the notification card was posted",
            10,
        )
        assert wire.get("/healthz").status_code == 200

    keys = _keys(fake)
    counts = Counter(keys)
    assert [k for k, n in counts.items() if n > 1] == [], f"posted twice: {counts}"
    summaries = [k for k in keys if k.startswith("summary:")]
    cards = [k for k in keys if k.startswith("card:")]
    assert len(summaries) == 1, keys
    assert len(cards) == 1 and cards[0].endswith("c" * 32), keys
    integrity = _integrity(database_url, sqlite_path)
    assert integrity["orphan_rows"] == 0 and integrity["duplicate_keys"] == 0, integrity
    assert set(integrity["deliveries"]) == {"done"}, integrity
    if sqlite_path is not None:
        assert integrity["integrity_check"] == "ok", integrity
        assert integrity["foreign_key_violations"] == 0, integrity
    else:
        assert integrity["constraints_valid"], integrity
    dialect = "sqlite" if sqlite_path else "postgresql"
    record_result(
        f"crash_restart_{dialect}",
        {
            "kills": kills,
            "summaries_posted": len(summaries),
            "cards_posted": len(cards),
            "post_calls": len(fake.calls("chat.postMessage")),
            "integrity": integrity,
        },
    )


pytestmark = pytest.mark.slow
