"""Each IVC account's poll, claimed with a lease so that across any number of replicas every
account is polled once per interval. Due times are spread by a hash of the account key; a dead
replica's claims expire and another replica takes them over.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, type_coerce, update

from bot.ivc.errors import one_line
from bot.store.database import Database
from bot.store.schema import account_polls as table
from bot.store.types import UtcDateTime

MAX_ERROR = 300


SPREAD = 0.9
"""Due times fall in the first nine tenths of the interval; the last tenth is headroom for
the polls' lag, so a first cycle finishes within one interval."""


def phase(account_key: str, interval: timedelta) -> timedelta:
    """Where in the interval the account's polls fall: a stable hash of its key, within
    the first ``SPREAD`` of the interval."""
    digest = int.from_bytes(hashlib.sha256(account_key.encode()).digest()[:8], "big")
    micros = max(1, int(interval * SPREAD / timedelta(microseconds=1)))
    return timedelta(microseconds=digest % micros)


def next_due(due: datetime, now: datetime, interval: timedelta) -> datetime:
    """``due`` moved on by whole intervals to the first moment after ``now``."""
    if due > now:
        return due + interval
    return due + ((now - due) // interval + 1) * interval


@dataclass(frozen=True, slots=True)
class PollClaim:
    """One account's poll, held by ``worker`` until ``lease_until``."""

    account_key: str
    due_at: datetime
    worker: str
    lease_until: datetime


class LeaseLost(Exception):
    """Another replica took the account's poll over meanwhile: this poll's writes roll back."""


class PollLeases:
    """The accounts to poll, their due times and who polls them now."""

    def __init__(self, db: Database, *, interval: timedelta) -> None:
        if interval <= timedelta(0):
            raise ValueError("interval must be positive")
        self._db = db
        self.interval = interval

    async def ensure(self, account_keys: Iterable[str], now: datetime) -> None:
        """Add accounts not yet known, each first due at its phase within the next interval
        (several replicas may do this at once)."""
        rows = [
            {"account_key": k, "next_poll_at": now + phase(k, self.interval)} for k in account_keys
        ]
        if rows:
            async with self._db.engine.begin() as conn:
                await conn.execute(self._db.insert_many_ignoring_duplicates(table), rows)

    async def next_claimable(self) -> datetime | None:
        """When the next account may be claimed: its due time, or its lease's end if later
        (None: no account)."""
        free_at = case(
            (table.c.lease_until > table.c.next_poll_at, table.c.lease_until),
            else_=table.c.next_poll_at,
        )
        async with self._db.engine.connect() as conn:
            query = select(type_coerce(func.min(free_at), UtcDateTime()))
            value: datetime | None = (await conn.execute(query)).scalar()
        return value

    async def due_now(self, account_key: str, now: datetime) -> None:
        """Bring the account's next poll forward to ``now`` (a write changed its tasks); a poll
        in flight keeps its lease, and its finish sets the next one an interval on."""
        async with self._db.engine.begin() as conn:
            await conn.execute(
                update(table)
                .where(table.c.account_key == account_key, table.c.next_poll_at > now)
                .values(next_poll_at=now)
            )

    async def remove(self, account_key: str) -> None:
        """Stop polling the account (its workspace disconnected)."""
        async with self._db.engine.begin() as conn:
            await conn.execute(delete(table).where(table.c.account_key == account_key))

    async def claim(
        self, worker: str, now: datetime, lease: timedelta, *, limit: int = 16
    ) -> list[PollClaim]:
        """Take up to ``limit`` due accounts not held by a live lease, most overdue first
        (PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so concurrent claims never take the same row)."""
        due = (
            select(table.c.account_key)
            .where(
                table.c.next_poll_at <= now,
                or_(table.c.lease_until.is_(None), table.c.lease_until < now),
            )
            .order_by(table.c.next_poll_at, table.c.account_key)
            .limit(limit)
        )
        if self._db.dialect == "postgresql":
            due = due.with_for_update(skip_locked=True)
        until = now + lease
        statement = (
            update(table)
            .where(table.c.account_key.in_(due.scalar_subquery()))
            .values(claimed_by=worker, lease_until=until)
            .returning(table.c.account_key, table.c.next_poll_at)
        )
        async with self._db.engine.begin() as conn:
            rows = (await conn.execute(statement)).all()
        claims = [PollClaim(key, due_at, worker, until) for key, due_at in rows]
        return sorted(claims, key=lambda c: (c.due_at, c.account_key))

    def finishing(self, claim: PollClaim, now: datetime, *, error: str | None = None) -> Any:
        """The UPDATE that ends a poll (``error``: it failed, one line naming no secret): the
        account is due again one interval on. It changes no row if the lease was lost."""
        values = {
            "next_poll_at": next_due(claim.due_at, now, self.interval),
            "claimed_by": None,
            "lease_until": None,
            "last_polled_at": now,
            "last_error": None if error is None else one_line(error)[:MAX_ERROR],
        }
        return update(table).where(_held(claim)).values(values)

    async def finish(self, claim: PollClaim, now: datetime, *, error: str | None = None) -> bool:
        """End a poll that wrote nothing (see ``finishing``); False if the lease was lost
        meanwhile. A poll that writes ends in its own transaction (``Transaction.finish_poll``)."""
        async with self._db.engine.begin() as conn:
            result = await conn.execute(self.finishing(claim, now, error=error))
        return bool(result.rowcount)

    async def release(self, worker: str) -> int:
        """Hand back every claim of ``worker`` (a replica shutting down): others poll those
        accounts at once; how many."""
        async with self._db.engine.begin() as conn:
            result = await conn.execute(
                update(table)
                .where(table.c.claimed_by == worker)
                .values(claimed_by=None, lease_until=None)
            )
        return int(result.rowcount)


def _held(claim: PollClaim) -> ColumnElement[bool]:
    return and_(
        table.c.account_key == claim.account_key,
        table.c.claimed_by == claim.worker,
        table.c.lease_until == claim.lease_until,
    )
