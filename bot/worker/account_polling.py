"""The workspaces' own IVC accounts (multi-workspace mode): each polled
once per interval across every replica, claimed with a lease (``PollLeases``: due times
spread over the interval by a hash of the account key), a batch at a time, each poll with
the account's own task source, memory and history, its deliveries only for its workspace.
A replica that dies leaves its claims to expire; another polls those accounts then."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.clock import Clock, utc_now
from bot.ivc.accounts import AccountSources, NotConnected, workspace_key
from bot.store.database import Database
from bot.store.poll_leases import LeaseLost, PollClaim, PollLeases
from bot.store.stored_accounts import AccountUnreadable, StoredAccounts
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_memory import TaskMemoryStore
from bot.store.unit_of_work import Transaction, UnitOfWork
from bot.store.watches import WatchStore
from bot.worker.poll_count import PollCount, uncounted
from bot.worker.poller import Finish, poll_once
from bot.worker.waiting import pause

log = logging.getLogger(__name__)


def _never() -> bool:
    return False


def _later(now: datetime, clock: Clock | None) -> datetime:
    """``clock``'s moment (never before ``now``), or ``now`` without a clock."""
    return now if clock is None else max(now, utc_now(clock))


IN_FLIGHT = 6  # polls at once beside answers (the pool's other connections serve requests)
WORKER_IN_FLIGHT = 16  # polls at once in a worker, which answers nothing
RECORD_EVERY = timedelta(minutes=5)  # a stored account's unchanged "last worked" time, rewritten
MAX_WAIT_SECONDS = 5.0  # between looks at the due times (an account connected meanwhile)
MIN_WAIT_SECONDS = 0.02
POLL_FAILED = "the poll failed in the app (its log says why); it is tried again next interval"


class AccountPolling:
    """Polls the due accounts of the workspaces with a stored account of their own."""

    def __init__(
        self,
        *,
        db: Database,
        leases: PollLeases,
        stored_accounts: StoredAccounts,
        sources: AccountSources,
        subs: SubscriptionStore,
        watches: WatchStore | None,
        worker_id: str,
        lease: timedelta,
        shared_workspaces: frozenset[str] = frozenset(),
        counted: PollCount = uncounted,
        in_flight: int = IN_FLIGHT,
    ) -> None:
        self._db, self.leases, self._stored_accounts = db, leases, stored_accounts
        self._sources, self._subs, self._watches = sources, subs, watches
        self._uow = UnitOfWork(db)
        self.worker_id, self._lease, self._shared = worker_id, lease, shared_workspaces
        self._keys: dict[str, str] = {}  # account key -> workspace, as last read
        self._read_at: datetime | None = None
        self._recorded: dict[str, tuple[str | None, datetime]] = {}  # workspace -> error, when
        self.polls = 0
        self.rounds = 0  # poll_due calls
        self._counted = counted
        self.in_flight = in_flight
        self._woken = asyncio.Event()  # a write brought a poll forward: look again now
        self._failing = ""  # the kind of error the last poll raised ("" when it did not)

    def __repr__(self) -> str:
        return f"AccountPolling(worker_id={self.worker_id!r}, polls={self.polls})"

    async def _accounts(self, now: datetime) -> dict[str, str]:
        """Account key -> workspace id of every workspace connected on its own (read again when
        ``MAX_WAIT_SECONDS`` old); new ones get a lease row, first due at their phase within
        the next interval."""
        read_at = self._read_at
        if read_at is not None and read_at <= now < read_at + timedelta(seconds=MAX_WAIT_SECONDS):
            return self._keys
        workspaces = await self._stored_accounts.workspace_ids()
        keys = {
            workspace_key(workspace): workspace
            for workspace in workspaces
            if workspace not in self._shared
        }
        fresh = sorted(set(keys) - set(self._keys))
        if fresh:
            await self.leases.ensure(fresh, now)
        self._keys, self._read_at = keys, now
        for workspace in set(self._recorded) - set(keys.values()):  # disconnected meanwhile
            del self._recorded[workspace]
        return keys

    async def run(
        self, clock: Clock, stopping: asyncio.Event, *, max_wait: float = MAX_WAIT_SECONDS
    ) -> None:
        """Poll each account as it comes due until ``stopping``, on its own task beside the
        worker's ticks (posts never wait behind polls): poll what is due, then sleep until
        the next account may be claimed (at most ``max_wait`` seconds). A failing round (the
        database away) is logged once per kind and tried again."""
        failing = ""
        while not stopping.is_set():
            try:
                await self.poll_due(utc_now(clock), clock, stop=stopping.is_set)
                wait = await self._until_next(clock, max_wait)
                failing = ""
            except Exception as error:
                if type(error).__name__ != failing:
                    log.exception("account polling failed (%s); retrying", type(error).__name__)
                failing, wait = type(error).__name__, max_wait
            await pause(stopping, self._woken, wait)

    def wake(self) -> None:
        """Look at the due times now (a write here or on another process made one due)."""
        self._woken.set()

    async def _until_next(self, clock: Clock, max_wait: float) -> float:
        free_at = await self.leases.next_claimable()
        if free_at is None:
            return max_wait
        seconds = (free_at - utc_now(clock)).total_seconds()
        return min(max_wait, max(MIN_WAIT_SECONDS, seconds))

    async def poll_due(
        self, now: datetime, clock: Clock | None = None, *, stop: Callable[[], bool] = _never
    ) -> int:
        """Claim and poll every due account (``in_flight`` at a time, another claimed as each
        finishes, until ``stop``); how many were polled.

        Each claim is made, and each poll finished, at ``clock``'s time then (not the
        round's ``now``): a round may outlast a lease, and a claim stamped with its start
        would be born expired, free for another replica to fetch the same account again."""
        self.rounds += 1
        keys = await self._accounts(now)
        polled = 0
        running: set[asyncio.Task[bool]] = set()
        try:
            while True:
                free = 0 if stop() else self.in_flight - len(running)
                if free > 0:  # claim as slots free up, each claim at the time it is made
                    at = _later(now, clock)
                    claims = await self.leases.claim(self.worker_id, at, self._lease, limit=free)
                    running |= {
                        asyncio.create_task(self._poll_claim(claim, keys, at, clock))
                        for claim in claims
                    }
                if not running:
                    break
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                polled += sum(task.result() for task in done)
        finally:
            for task in running:  # only after a failure: the others are cancelled
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
            self.polls += polled
        return polled

    async def _poll_claim(
        self, claim: PollClaim, keys: dict[str, str], now: datetime, clock: Clock | None
    ) -> bool:
        workspace = keys.get(claim.account_key)
        if workspace is None:  # disconnected (or now shared): no more polls
            await self.leases.remove(claim.account_key)
            return False

        async def finish(tx: Transaction) -> None:  # in the poll's own transaction
            if not await tx.finish_poll(self.leases.finishing(claim, _later(now, clock))):
                raise LeaseLost(claim.account_key)

        try:
            error = await self._poll(workspace, claim.account_key, now, finish)
            # a poll that failed wrote nothing, so it did not finish in a transaction
            held = error is None or await self.leases.finish(claim, _later(now, clock), error=error)
        except LeaseLost:
            held = False
        except Exception as failure:  # one account's failure must not hold up the others'
            self._counted("own", True)
            held = await self._failed(claim, _later(now, clock), failure)
        if not held:
            log.warning("the poll lease of %s was lost meanwhile", claim.account_key)
        return True

    async def _failed(self, claim: PollClaim, now: datetime, failure: Exception) -> bool:
        """Log a poll that raised (with its trace the first time its kind is seen in a row)
        and end it as failed, due again one interval on, instead of leaving its claim to wait
        out the lease; False if the lease was lost (or the database is away: it runs out)."""
        kind = type(failure).__name__
        if kind != self._failing:
            log.error("polling %s failed (%s)", claim.account_key, kind, exc_info=failure)
        self._failing = kind
        try:
            return await self.leases.finish(claim, now, error=f"{POLL_FAILED} ({kind})")
        except Exception:  # the database itself: the claim runs out with its lease
            return False

    async def _poll(self, workspace: str, key: str, now: datetime, finish: Finish) -> str | None:
        """One poll of the workspace's account; the error line, if it failed."""
        try:
            async with self._sources.using(workspace) as source:
                result = await poll_once(
                    source,
                    TaskMemoryStore(self._db, account=key),
                    self._subs,
                    self._uow,
                    now,
                    self._watches,
                    workspaces=frozenset({workspace}),
                    history_workspace=workspace,
                    finish=finish,
                )
        except (NotConnected, AccountUnreadable) as error:
            self._counted("own", True)
            return str(error)
        self._failing = ""
        self._counted("own", result.skipped_reason is not None)
        await self._record(workspace, result.skipped_reason, now)
        return result.skipped_reason

    async def _record(self, workspace: str, error: str | None, now: datetime) -> None:
        """Note on the stored account whether IVC answered (App Home's "last worked"): when
        that changed, or ``RECORD_EVERY`` after this replica last noted it."""
        last = self._recorded.get(workspace)
        if last is not None and last[0] == error and now - last[1] < RECORD_EVERY:
            return
        await self._stored_accounts.record_result(workspace, error)
        self._recorded[workspace] = (error, now)

    async def release(self) -> int:
        """Hand back this replica's claims (shutting down): others poll them at once."""
        return await self.leases.release(self.worker_id)
