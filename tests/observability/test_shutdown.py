"""SIGTERM during a summary post: the post finishes, the process exits 0, and the summary is
posted exactly once, also when a replica started afterwards shares the database.

No wall-clock limit: what shows that the app did or did not wait for the post is the
delivery's state when the process has exited (done, or handed back); the timeouts of the
waits only bound them (EXIT_WAIT)."""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from bot.store.database import Database
from bot.store.schema import deliveries, subscriptions
from tests.support.app_fixtures import Wire, dump, start_wire, wire_env
from tests.support.app_process import running_app
from tests.support.polling import wait_until

CHANNEL = "C0SHUTDOWN"
EXIT_WAIT = 60  # seconds: a bound on waiting for a process to exit, not a limit on shutdown
POST_DELAY = 8  # seconds Slack takes over the post that outlasts a 1 s shutdown timeout


def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


async def _make_due(url: str) -> None:
    db = await Database.open(url)
    try:
        async with db.engine.begin() as conn:
            await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.channel_id == CHANNEL)
                .values(next_run_at=datetime.now(UTC) - timedelta(seconds=1))
            )
    finally:
        await db.aclose()


async def _deliveries(url: str) -> list[tuple[str, str, int]]:
    db = await Database.open(url)
    try:
        async with db.engine.connect() as conn:
            rows = await conn.execute(
                select(deliveries.c.kind, deliveries.c.state, deliveries.c.attempts)
            )
            return [tuple(row) for row in rows]
    finally:
        await db.aclose()


def summaries(wire: Wire) -> list[dict[str, Any]]:
    """Channel summaries posted (not the subscription's confirmation)."""
    return [
        m
        for m in wire.fake.messages(CHANNEL)
        if (m.get("metadata") or {}).get("event_payload", {}).get("key", "").startswith("summary:")
    ]


def subscribe_and_make_due(wire: Wire, url: str, delay: float) -> None:
    wire.command("subscribe every 1h", channel_id=CHANNEL).wait_response()
    assert len(wire.fake.messages(CHANNEL)) == 1, "the confirmation"
    wire.fake.delay_next("chat.postMessage", delay)
    _run(_make_due(url))
    wait_until(
        lambda: ("summary", "claimed", 1) in _run(_deliveries(url)),
        "the summary delivery is claimed",
        15,
    )


def test_sigterm_finishes_the_summary_post_and_exits_0(tmp_path):
    url = db_url(tmp_path)
    with start_wire(
        tmp_path, DATABASE_URL=url, POLL_INTERVAL_SECONDS="1", SHUTDOWN_TIMEOUT_SECONDS="20"
    ) as wire:
        subscribe_and_make_due(wire, url, delay=3)
        wire.app.process.send_signal(signal.SIGTERM)
        assert wire.app.process.wait(EXIT_WAIT) == 0, wire.app.output()
        assert len(summaries(wire)) == 1, wire.app.output()
        assert _run(_deliveries(url)) == [("summary", "done", 1)]
        assert "Traceback" not in wire.app.output()

        # A replica started afterwards against the same database posts nothing again.
        with running_app(
            wire_env(wire.running_sim, wire.fake, DATABASE_URL=url, POLL_INTERVAL_SECONDS="1"),
            tmp_path,
        ) as second:
            from tests.observability.helpers import wait_value

            replica = Wire(second, wire.running_sim, wire.fake)
            wait_value(replica, "retrieval_tasks_outbox_deliveries", lambda v: v == 1, state="done")
            second.process.send_signal(signal.SIGTERM)
            assert second.process.wait(EXIT_WAIT) == 0
            replica.close()
        assert len(summaries(wire)) == 1


def test_sigterm_past_the_timeout_hands_the_delivery_to_the_next_replica(tmp_path):
    """The post outlasts SHUTDOWN_TIMEOUT_SECONDS: the app still exits 0 in time, releasing
    the delivery; a replica started next takes it at once and, finding the post that did
    reach Slack (by its key), does not post it again."""
    url = db_url(tmp_path)
    with start_wire(
        tmp_path, DATABASE_URL=url, POLL_INTERVAL_SECONDS="1", SHUTDOWN_TIMEOUT_SECONDS="1"
    ) as wire:
        subscribe_and_make_due(wire, url, delay=POST_DELAY)
        wire.app.process.send_signal(signal.SIGTERM)
        assert wire.app.process.wait(EXIT_WAIT) == 0, wire.app.output()
        # Had it waited for the post, the delivery would be done: it was handed back.
        assert _run(_deliveries(url)) == [("summary", "pending", 1)], "handed back"
        # Slack finishes the abandoned request: the message exists, tagged with its key.
        wire.fake.wait_for_sync(lambda: summaries(wire), timeout=POST_DELAY + 30)

        with running_app(
            wire_env(wire.running_sim, wire.fake, DATABASE_URL=url, POLL_INTERVAL_SECONDS="1"),
            tmp_path,
        ) as second:
            wait_until(
                lambda: _run(_deliveries(url)) == [("summary", "done", 2)],
                "the next replica completes the released delivery",
                15,
            )
            second.process.send_signal(signal.SIGTERM)
            assert second.process.wait(EXIT_WAIT) == 0
        assert len(summaries(wire)) == 1, dump(summaries(wire))


def test_socket_mode_exits_0_on_sigterm(tmp_path):
    with start_wire(tmp_path, socket_mode=True, DATABASE_URL=db_url(tmp_path)) as wire:
        assert wire.command("help").answered_in_ack
        wire.app.process.send_signal(signal.SIGTERM)
        assert wire.app.process.wait(EXIT_WAIT) == 0, wire.app.output()
        assert "Traceback" not in wire.app.output()
