"""Keep the outbox bounded: finished deliveries older than the retention go, and so do cards
of tasks the task memory has forgotten; task history older than HISTORY_RETENTION_DAYS goes
too, and audit entries older than AUDIT_RETENTION_DAYS; watches of tasks gone a week end, and
ended watches older than the retention go; task links unfurled more than 14 days ago are no
longer followed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.store.audit import AuditStore
from bot.store.cards import CardStore
from bot.store.outbox import Outbox
from bot.store.task_history import TaskHistoryStore
from bot.store.unfurled_links import TRACKED_FOR, UnfurledLinkStore
from bot.store.watches import WatchStore
from bot.worker.reminders import end_gone_watches

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600.0  # on the worker's clock
DEFAULT_RETENTION_DAYS = 14.0
DEFAULT_HISTORY_DAYS = 90.0
DEFAULT_AUDIT_DAYS = 365.0


class Retention:
    """Purges at most once per ``PURGE_EVERY_SECONDS`` (the worker asks every tick)."""

    def __init__(
        self,
        outbox: Outbox,
        cards: CardStore,
        keep: timedelta,
        history: TaskHistoryStore | None = None,
        keep_history: timedelta = timedelta(days=DEFAULT_HISTORY_DAYS),
        watches: WatchStore | None = None,
        audit: AuditStore | None = None,
        keep_audit: timedelta = timedelta(days=DEFAULT_AUDIT_DAYS),
        unfurled: UnfurledLinkStore | None = None,
    ) -> None:
        self._unfurled = unfurled
        self._outbox, self._cards, self.keep = outbox, cards, keep
        self._history, self.keep_history = history, keep_history
        self._watches = watches
        self._audit, self.keep_audit = audit, keep_audit
        self._last: float | None = None

    async def purge_if_due(self, now_seconds: float) -> int:
        """Purge when an hour has passed since the last purge (or none ran); rows removed."""
        if self._last is not None and now_seconds - self._last < PURGE_EVERY_SECONDS:
            return 0
        self._last = now_seconds
        before = datetime.fromtimestamp(now_seconds, UTC) - self.keep
        removed = await self._outbox.purge(before) + await self._cards.purge_orphans()
        if self._watches is not None:
            now = datetime.fromtimestamp(now_seconds, UTC)
            await end_gone_watches(self._watches, now)
            removed += await self._watches.purge_ended(before)
        if removed:
            log.info("removed %d finished deliveries and forgotten cards", removed)
        if self._history is not None:
            now = datetime.fromtimestamp(now_seconds, UTC)
            history = await self._history.purge(now - self.keep_history)
            if history:
                log.info("removed %d task history events", history)
            removed += history
        if self._audit is not None:
            now = datetime.fromtimestamp(now_seconds, UTC)
            audit = await self._audit.purge(now - self.keep_audit)
            if audit:
                log.info("removed %d audit entries", audit)
            removed += audit
        if self._unfurled is not None:
            now = datetime.fromtimestamp(now_seconds, UTC)
            links = await self._unfurled.purge(now - TRACKED_FOR)
            if links:
                log.info("removed %d unfurled task links older than 14 days", links)
            removed += links
        return removed
