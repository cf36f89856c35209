"""Subscriptions and outbox deliveries by state, read from the database when scraped."""

from __future__ import annotations

import logging

from prometheus_client import Gauge
from sqlalchemy import func, select

from bot.store.database import Database
from bot.store.outbox import DeliveryState, Outbox
from bot.store.schema import subscriptions
from bot.subscriptions.model import SubscriptionKind, SubscriptionState

log = logging.getLogger(__name__)


class DatabaseGauges:
    """Sets ``subscriptions`` (kind, state) and ``outbox`` (state) from ``db``."""

    def __init__(self, db: Database, subscriptions_gauge: Gauge, outbox_gauge: Gauge) -> None:
        self._db = db
        self._subscriptions = subscriptions_gauge
        self._outbox = outbox_gauge

    async def refresh(self) -> None:
        query = select(subscriptions.c.kind, subscriptions.c.state, func.count()).group_by(
            subscriptions.c.kind, subscriptions.c.state
        )
        try:
            async with self._db.engine.connect() as conn:
                rows = list(await conn.execute(query))
            states = await Outbox(self._db).counts()
        except Exception as error:  # a scrape must not fail because the database does
            log.warning("could not read subscription and outbox states: %s", type(error).__name__)
            return
        self._subscriptions.clear()
        for kind in SubscriptionKind:
            for sub_state in SubscriptionState:
                self._subscriptions.labels(kind.value, sub_state.value).set(0)
        for kind, state, count in rows:
            self._subscriptions.labels(kind, state).set(count)
        self._outbox.clear()
        for delivery_state in DeliveryState:
            self._outbox.labels(delivery_state.value).set(states.get(delivery_state.value, 0))
