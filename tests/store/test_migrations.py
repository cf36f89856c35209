"""Migration 0003 on a database holding rows: subscriptions become unique per workspace and
channel, both ways, on SQLite (batch mode) and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.exc import IntegrityError

from bot.store.database import Database
from bot.store.migrate import MIGRATIONS
from bot.store.schema import subscriptions

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def _to(revision: str, *, down: bool = False):
    def run(connection: Connection) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    return run


def row(workspace: str) -> dict[str, object]:
    return {
        "team_id": workspace,
        "channel_id": "C0SHARED",
        "kind": "summary",
        "schedule": "daily 09:00",
        "timezone": "UTC",
        "identity": "summary daily 09:00 UTC",
        "state": "active",
        "created_by": "U0001",
        "created_at": NOW,
    }


async def test_0003_keys_subscriptions_by_workspace_and_channel(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0002", down=True))
            await conn.execute(subscriptions.insert().values(**row("T0OURS")))
            await conn.run_sync(_to("head"))
        async with db.engine.begin() as conn:
            await conn.execute(subscriptions.insert().values(**row("T0THEIRS")))
        with pytest.raises(IntegrityError):
            async with db.engine.begin() as conn:
                await conn.execute(subscriptions.insert().values(**row("T0OURS")))
        async with db.engine.connect() as conn:
            count = (await conn.execute(select(func.count()).select_from(subscriptions))).scalar()
        assert count == 2, "the existing row is kept"
        async with db.engine.begin() as conn:
            await conn.execute(subscriptions.delete().where(subscriptions.c.team_id == "T0THEIRS"))
            await conn.run_sync(_to("0002", down=True))
            await conn.run_sync(_to("head"))
    finally:
        await db.aclose()


async def test_0005_adds_watches_and_person_deliveries_both_ways(database_url: str) -> None:
    from sqlalchemy import insert

    from bot.store.schema import deliveries, watches

    delivery = {
        "dedupe_key": "summary:1:x",
        "channel_id": "C0001",
        "kind": "summary",
        "payload": "{}",
        "state": "pending",
        "not_before": NOW,
        "attempts": 0,
        "created_at": NOW,
    }
    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0004", down=True))
            added = await conn.execute(
                subscriptions.insert().values(**row("T0OURS")).returning(subscriptions.c.id)
            )
            sub_id = added.scalar_one()
            await conn.run_sync(_to("head"))
            await conn.execute(insert(deliveries).values(**delivery, subscription_id=sub_id))
            await conn.execute(
                insert(deliveries).values(
                    **{**delivery, "dedupe_key": "watch_ready:T:U:x", "kind": "watch_ready"},
                    team_id="T0OURS",
                    user_id="U0001",
                )
            )
            await conn.execute(
                insert(watches).values(
                    team_id="T0OURS", user_id="U0001", task_id="x", state="active", created_at=NOW
                )
            )
        with pytest.raises(IntegrityError):  # a delivery targets a channel or a person
            async with db.engine.begin() as conn:
                await conn.execute(insert(deliveries).values(**{**delivery, "dedupe_key": "k"}))
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0004", down=True))
        async with db.engine.connect() as conn:
            count = (await conn.execute(select(func.count()).select_from(deliveries))).scalar()
        assert count == 1, "the channel's delivery stays; the person's goes with the column"
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("head"))
            await conn.execute(deliveries.delete())
            await conn.execute(subscriptions.delete())
    finally:
        await db.aclose()


async def test_0006_adds_task_history_and_block_kit_and_removes_them(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0005", down=True))
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert not names & {"task_history", "block_kit"}
            await conn.run_sync(_to("head"))
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert {"task_history", "block_kit"} <= names
    finally:
        await db.aclose()


async def test_0008_keys_task_memory_by_account_both_ways(database_url: str) -> None:
    """Existing memory becomes the environment's account (""); each workspace's own account
    keeps its own rows, even for the same TaskId; a downgrade keeps the shared rows."""
    from sqlalchemy import text

    from bot.store.schema import task_memory

    memory = {
        "task_id": "a" * 32,
        "name": "kept",
        "status": 2,
        "expiration_days": 7,
        "first_seen_at": NOW,
        "status_changed_at": NOW,
    }
    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0007", down=True))
            await conn.execute(
                text(
                    "INSERT INTO task_memory (task_id, name, status, expiration_days, "
                    "first_seen_at, status_changed_at) VALUES (:task_id, :name, :status, "
                    ":expiration_days, :first_seen_at, :status_changed_at)"
                ),
                memory,
            )
            await conn.run_sync(_to("head"))
        async with db.engine.begin() as conn:
            await conn.execute(task_memory.insert().values(**memory, account="team:T0001"))
        async with db.engine.connect() as conn:
            query = select(task_memory.c.account).order_by(task_memory.c.account)
            accounts = [row[0] for row in await conn.execute(query)]
        assert accounts == ["", "team:T0001"]
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0007", down=True))
        async with db.engine.connect() as conn:
            names = await conn.execute(text("SELECT name FROM task_memory"))
            assert [row[0] for row in names] == ["kept"]
        async with db.engine.begin() as conn:
            await conn.execute(text("DELETE FROM task_memory"))
            await conn.run_sync(_to("head"))
    finally:
        await db.aclose()


async def test_0009_indexes_task_memory_by_account_both_ways(database_url: str) -> None:
    """A poll finds its account's memory through an index, not by reading every account's."""

    def indexes(connection: Connection) -> set[str]:
        return {str(ix["name"]) for ix in inspect(connection).get_indexes("task_memory")}

    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            assert "ix_task_memory_account" in await conn.run_sync(indexes)
            await conn.run_sync(_to("0008", down=True))
            assert "ix_task_memory_account" not in await conn.run_sync(indexes)
            await conn.run_sync(_to("head"))
            assert "ix_task_memory_account" in await conn.run_sync(indexes)
    finally:
        await db.aclose()


LINK_ROW = {
    "team_id": "T0001",
    "channel_id": "C0001",
    "message_ts": "1.000100",
    "url": "https://tasks.example.com/tasks/x",
    "task_id": "x",
    "account": "",
    "full": True,
    "status": 2,
    "unfurled_at": NOW,
}
"""One unfurled link as 0010 stores it."""


async def test_0010_tracks_unfurled_links_both_ways(database_url: str) -> None:
    """0010 adds the table of unfurled links (one row per message and link) and lets a
    delivery target a link; down, both go (and the deliveries that targeted links)."""
    from sqlalchemy import insert

    from bot.store.schema import deliveries, unfurled_links

    link = dict(LINK_ROW)
    unfurl = {
        "dedupe_key": "unfurl:1:1",
        "channel_id": "C0001",
        "team_id": "T0001",
        "kind": "unfurl",
        "payload": "{}",
        "state": "pending",
        "not_before": NOW,
        "attempts": 0,
        "created_at": NOW,
    }

    def tables(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.execute(insert(unfurled_links).values(**link))
            await conn.execute(insert(deliveries).values(**unfurl))
        with pytest.raises(IntegrityError):  # once per message and link
            async with db.engine.begin() as conn:
                await conn.execute(insert(unfurled_links).values(**link))
        with pytest.raises(IntegrityError):  # a summary still needs its subscription
            async with db.engine.begin() as conn:
                await conn.execute(
                    insert(deliveries).values(**{**unfurl, "dedupe_key": "k", "kind": "summary"})
                )
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0009", down=True))
            assert "unfurled_links" not in await conn.run_sync(tables)
            count = (await conn.execute(select(func.count()).select_from(deliveries))).scalar()
            assert count == 0, "the link's delivery goes with its kind"
        with pytest.raises(IntegrityError):  # before 0010 a delivery needs a target
            async with db.engine.begin() as conn:
                await conn.execute(insert(deliveries).values(**unfurl))
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("head"))
            assert "unfurled_links" in await conn.run_sync(tables)
            await conn.execute(insert(deliveries).values(**unfurl))
            await conn.execute(deliveries.delete())
    finally:
        await db.aclose()


async def test_0011_keeps_unfurled_links_camera_counts_both_ways(database_url: str) -> None:
    """0011 adds the camera count a link showed and when its shown status changed (both
    None on the rows already there); down, both columns go and the rows stay."""
    from sqlalchemy import insert

    from bot.store.schema import unfurled_links

    link = dict(LINK_ROW)

    def columns(connection: Connection) -> set[str]:
        return {c["name"] for c in inspect(connection).get_columns("unfurled_links")}

    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0010", down=True))
            assert not {"cameras", "changed_at"} & await conn.run_sync(columns)
            await conn.execute(insert(unfurled_links).values(**link))
            await conn.run_sync(_to("head"))
            assert {"cameras", "changed_at"} <= await conn.run_sync(columns)
            [(cameras, changed_at)] = await conn.execute(
                select(unfurled_links.c.cameras, unfurled_links.c.changed_at)
            )
            assert (cameras, changed_at) == (None, None), "unknown for a link already kept"
            await conn.execute(unfurled_links.update().values(cameras=4, changed_at=NOW))
            await conn.run_sync(_to("0010", down=True))
            assert not {"cameras", "changed_at"} & await conn.run_sync(columns)
            count = (await conn.execute(select(func.count()).select_from(unfurled_links))).scalar()
            assert count == 1, "the link is kept"
            await conn.run_sync(_to("head"))
            await conn.execute(unfurled_links.delete())
    finally:
        await db.aclose()
