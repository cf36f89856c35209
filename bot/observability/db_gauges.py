"""Subscriptions and outbox deliveries by state, read from the database behind the scrape.

A scrape never waits on the database (after the first): it starts a read (at most one every
``READ_EVERY_SECONDS``, whatever the scrape rate) and answers with the last one finished, so
``/metrics`` stays quick while a busy worker's polls hold the pool.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence

from prometheus_client import Gauge
from sqlalchemy import func, select

from bot.clock import Clock
from bot.store.database import Database
from bot.store.outbox import DeliveryState, Outbox
from bot.store.schema import subscriptions
from bot.subscriptions.model import SubscriptionKind, SubscriptionState

log = logging.getLogger(__name__)

READ_EVERY_SECONDS = 5.0
"""Scrapes closer together than this share a read (a scrape every 15 s or more is usual)."""


class DatabaseGauges:
    """Sets ``subscriptions`` (kind, state) and ``outbox`` (state) from ``db``, one read at a
    time, each started by a scrape and seen by the scrapes after it."""

    def __init__(
        self,
        db: Database,
        subscriptions_gauge: Gauge,
        outbox_gauge: Gauge,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self._db, self._clock = db, clock
        self._subscriptions = subscriptions_gauge
        self._outbox = outbox_gauge
        self._reading: asyncio.Task[None] | None = None
        self._read_once = False
        self._started_at = -READ_EVERY_SECONDS

    @property
    def reading(self) -> bool:
        """A read is under way."""
        return self._reading is not None and not self._reading.done()

    async def refresh(self) -> None:
        """Start a read unless one is under way or started within ``READ_EVERY_SECONDS``; wait
        for it only until a first has finished (so the first scrape has the gauges)."""
        now = self._clock()
        if not self.reading and now - self._started_at >= READ_EVERY_SECONDS:
            self._started_at = now
            self._reading = asyncio.create_task(self._read(), name="metrics-database-read")
        if not self._read_once and self._reading is not None:
            await asyncio.shield(self._reading)

    async def aclose(self) -> None:
        """Stop a read under way (shutdown)."""
        if self._reading is not None and not self._reading.done():
            self._reading.cancel()
            await asyncio.gather(self._reading, return_exceptions=True)

    async def _read(self) -> None:
        query = select(subscriptions.c.kind, subscriptions.c.state, func.count()).group_by(
            subscriptions.c.kind, subscriptions.c.state
        )
        try:
            async with self._db.engine.connect() as conn:
                rows = [(str(k), str(s), int(n)) for k, s, n in await conn.execute(query)]
            states = await Outbox(self._db).counts()
        except Exception as error:  # a scrape must not fail because the database does
            log.warning("could not read subscription and outbox states: %s", type(error).__name__)
            return
        finally:
            self._read_once = True
        self._set(rows, states)

    def _set(self, rows: Sequence[tuple[str, str, int]], states: Mapping[str, int]) -> None:
        self._subscriptions.clear()
        for kind in SubscriptionKind:
            for sub_state in SubscriptionState:
                self._subscriptions.labels(kind.value, sub_state.value).set(0)
        for kind_value, state_value, count in rows:
            self._subscriptions.labels(kind_value, state_value).set(count)
        self._outbox.clear()
        for delivery_state in DeliveryState:
            self._outbox.labels(delivery_state.value).set(states.get(delivery_state.value, 0))
