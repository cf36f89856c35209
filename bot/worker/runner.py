"""The loop every replica runs: poll on the poll interval; schedule and deliver every tick."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.clock import Clock
from bot.ivc.source import TaskSource
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_memory import TaskMemoryStore
from bot.store.unit_of_work import UnitOfWork
from bot.store.watches import WatchStore
from bot.worker.account_polling import AccountPolling
from bot.worker.delivery import Deliverer
from bot.worker.poll_count import PollCount, uncounted
from bot.worker.poller import PollResult, poll_once
from bot.worker.reminders import enqueue_due_reminders
from bot.worker.retention import Retention
from bot.worker.scheduler import enqueue_due_summaries
from bot.worker.waiting import pause

log = logging.getLogger(__name__)

MAX_TICK_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class TickResult:
    polled: PollResult | None
    summaries_enqueued: int
    delivered: int


class Worker:
    """Ticks: poll IVC when the poll interval has passed, enqueue due summaries and watch
    reminders, deliver, and (hourly) purge what the outbox no longer needs; ``run`` polls
    the workspaces' own accounts beside, each when due, claimed with a lease.

    Tests call ``tick()`` with a fake clock; ``run()`` repeats it until ``stop()``.
    """

    def __init__(
        self,
        *,
        source: TaskSource,
        subs: SubscriptionStore,
        memory: TaskMemoryStore,
        uow: UnitOfWork,
        deliverer: Deliverer,
        poll_interval: float,
        clock: Clock = time.time,
        retention: Retention | None = None,
        watches: WatchStore | None = None,
        reminder_hours: float = 24.0,
        workspaces: frozenset[str] | None = None,
        accounts: AccountPolling | None = None,
        counted: PollCount = uncounted,
    ) -> None:
        self._workspaces = workspaces  # who reads ``source`` (None: every workspace)
        self.accounts = accounts  # the workspaces' own accounts (multi-workspace mode)
        self._source, self._subs, self._memory, self._uow = source, subs, memory, uow
        self._watches, self._reminder_hours = watches, reminder_hours
        self._retention = retention
        self.deliverer = deliverer
        self._poll_interval = poll_interval
        self._clock = clock
        self._last_poll: float | None = None
        self._next_due: datetime | None = None  # the next summary's due time, as last read
        self._counted = counted
        self._stopping = asyncio.Event()
        self._woken = asyncio.Event()  # a write changed the shared account's tasks
        self._ticking = False

    @property
    def memory(self) -> TaskMemoryStore:
        """The task memory this worker keeps up to date (for on-demand summaries)."""
        return self._memory

    @property
    def _reads_source(self) -> bool:
        """Some workspace reads ``source`` (multi-workspace mode: SHARED_IVC_TEAM_IDS)."""
        return self._workspaces is None or bool(self._workspaces)

    @property
    def tick_seconds(self) -> float:
        return min(MAX_TICK_SECONDS, self._poll_interval)

    async def tick(self) -> TickResult:
        now_seconds = self._clock()
        now = datetime.fromtimestamp(now_seconds, UTC)
        polled = None
        if self._reads_source and (
            self._last_poll is None or now_seconds - self._last_poll >= self._poll_interval
        ):
            self._last_poll = now_seconds
            polled = await poll_once(
                self._source,
                self._memory,
                self._subs,
                self._uow,
                now,
                self._watches,
                workspaces=self._workspaces,
            )
            self._counted("shared", polled.skipped_reason is not None)
        if self.stopping:
            return TickResult(polled, 0, 0)
        enqueued = await enqueue_due_summaries(self._subs, self._uow, now)
        if self._watches is not None:
            hours = self._reminder_hours
            await enqueue_due_reminders(self._watches, self._uow, now, hours=hours)
        self._next_due = await self._subs.next_due()
        delivered = await self.deliverer.drain(stop=self._stopping.is_set)
        if self._retention is not None:
            await self._retention.purge_if_due(now_seconds)
        return TickResult(polled, enqueued, delivered)

    async def run(self) -> None:
        """Tick until ``stop()``, the workspaces' own accounts polled beside (their own
        loop, ``AccountPolling.run``)."""
        loops = [self._ticks()]
        if self.accounts is not None:
            loops.append(self.accounts.run(self._clock, self._stopping))
        await asyncio.gather(*loops)

    async def _ticks(self) -> None:
        """Tick until ``stop()``; a failing tick is logged once per kind and retried."""
        last_error = ""
        while not self._stopping.is_set():
            self._ticking = True
            try:
                await self.tick()
                last_error = ""
            except Exception as error:
                kind = type(error).__name__
                if kind != last_error:
                    log.exception("worker tick failed (%s); retrying", kind)
                last_error = kind
            finally:
                self._ticking = False
            await pause(self._stopping, self._woken, self._pause())

    @property
    def settled(self) -> bool:
        """No tick is running and none was asked for: what a write set off is done."""
        return not self._ticking and not self._woken.is_set()

    def poll_soon(self, task_id: str | None = None) -> None:
        """Poll the shared account at the next tick, now (a write here or on another process
        changed its tasks): subscribers hear of a created task without waiting an interval."""
        if self._reads_source:
            self._last_poll = None
            self._woken.set()

    def _pause(self) -> float:
        """Until the next tick: the tick interval, or sooner when a held channel frees up
        or a summary comes due first."""
        waits = [self.tick_seconds, self.deliverer.ready_in() or self.tick_seconds]
        due_in = None if self._next_due is None else self._next_due.timestamp() - self._clock()
        if due_in is not None and due_in > 0:  # (one overdue and unschedulable is not waited on)
            waits.append(due_in)
        return min(waits)

    def stop(self) -> None:
        """Stop claiming: the delivery in hand finishes, no new one starts."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()
