"""The workspaces' own IVC accounts (multi-workspace mode, issue 15, item 4): each polled
once per interval across every replica, claimed with a lease (``PollLeases``: due times
spread over the interval by a hash of the account key), a batch at a time, each poll with
the account's own task source, memory and history, its deliveries only for its workspace.
A replica that dies leaves its claims to expire; another polls those accounts then."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from bot.clock import Clock, utc_now
from bot.ivc.accounts import AccountSources, NotConnected, team_key
from bot.store.database import Database
from bot.store.ivc_connections import ConnectionUnreadable, IvcConnections
from bot.store.poll_leases import PollClaim, PollLeases
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_memory import TaskMemoryStore
from bot.store.unit_of_work import UnitOfWork
from bot.store.watches import WatchStore
from bot.worker.poller import poll_once

log = logging.getLogger(__name__)


def _later(now: datetime, clock: Clock | None) -> datetime:
    """``clock``'s moment (never before ``now``), or ``now`` without a clock."""
    return now if clock is None else max(now, utc_now(clock))


BATCH = 16  # accounts claimed (and polled concurrently) at a time
MAX_BATCHES = 64  # per tick: at most BATCH * MAX_BATCHES polls before summaries and posts


class AccountPolling:
    """Polls the due accounts of the workspaces with a stored connection of their own."""

    def __init__(
        self,
        *,
        db: Database,
        leases: PollLeases,
        connections: IvcConnections,
        sources: AccountSources,
        subs: SubscriptionStore,
        watches: WatchStore | None,
        worker_id: str,
        lease: timedelta,
        shared_teams: frozenset[str] = frozenset(),
    ) -> None:
        self._db, self.leases, self._connections = db, leases, connections
        self._sources, self._subs, self._watches = sources, subs, watches
        self._uow = UnitOfWork(db)
        self.worker_id, self._lease, self._shared = worker_id, lease, shared_teams
        self._known: set[str] = set()  # account keys whose lease row exists
        self.polls = 0

    def __repr__(self) -> str:
        return f"AccountPolling(worker_id={self.worker_id!r}, polls={self.polls})"

    async def _accounts(self, now: datetime) -> dict[str, str]:
        """Account key -> team of every workspace connected on its own; new ones get a
        lease row, first due at their phase within the next interval."""
        teams = await self._connections.team_ids()
        keys = {team_key(team): team for team in teams if team not in self._shared}
        fresh = sorted(set(keys) - self._known)
        if fresh:
            await self.leases.ensure(fresh, now)
        self._known = set(keys)
        return keys

    async def poll_due(self, now: datetime, clock: Clock | None = None) -> int:
        """Claim and poll every due account (a batch at a time); how many were polled.

        Each batch is claimed, and each poll finished, at ``clock``'s time then (not the
        tick's ``now``): a tick may outlast a lease, and a claim stamped with the tick's start
        would be born expired, free for another replica to fetch the same account again."""
        keys = await self._accounts(now)
        polled = 0
        for _ in range(MAX_BATCHES):
            at = _later(now, clock)
            claims = await self.leases.claim(self.worker_id, at, self._lease, limit=BATCH)
            if not claims:
                break
            polls = (self._poll_claim(claim, keys, at, clock) for claim in claims)
            polled += sum(await asyncio.gather(*polls))
        self.polls += polled
        return polled

    async def _poll_claim(
        self, claim: PollClaim, keys: dict[str, str], now: datetime, clock: Clock | None
    ) -> bool:
        team = keys.get(claim.account_key)
        if team is None:  # disconnected (or now shared): no more polls
            await self.leases.remove(claim.account_key)
            return False
        error = await self._poll(team, claim.account_key, now)
        if not await self.leases.finish(claim, _later(now, clock), error=error):
            log.warning("the poll lease of %s was lost meanwhile", claim.account_key)
        return True

    async def _poll(self, team: str, key: str, now: datetime) -> str | None:
        """One poll of the workspace's account; the error line, if it failed."""
        try:
            async with self._sources.using(team) as source:
                result = await poll_once(
                    source,
                    TaskMemoryStore(self._db, account=key),
                    self._subs,
                    self._uow,
                    now,
                    self._watches,
                    teams=frozenset({team}),
                    history_team=team,
                )
        except (NotConnected, ConnectionUnreadable) as error:
            return str(error)
        await self._connections.record_result(team, result.skipped_reason)
        return result.skipped_reason

    async def release(self) -> int:
        """Hand back this replica's claims (shutting down): others poll them at once."""
        return await self.leases.release(self.worker_id)
