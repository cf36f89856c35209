"""A write's change notices that also bring the account's next poll forward: a task created
or deleted on any web process is polled by a worker at once, not an interval later."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from bot.clock import Clock, utc_now
from bot.ivc.change_notices import ChangeNotices
from bot.store.poll_leases import PollLeases

log = logging.getLogger(__name__)


class PollSoon:
    """Makes ``account_key``'s poll due now, wakes this process's polling (``wake``), then
    publishes the notice that wakes the other workers; never raises (the write happened)."""

    def __init__(
        self,
        notices: ChangeNotices,
        leases: PollLeases,
        account_key: str,
        *,
        wake: Callable[[], None],
        clock: Clock = time.time,
    ) -> None:
        self._notices, self._leases, self._key = notices, leases, account_key
        self._wake, self._clock = wake, clock

    def __repr__(self) -> str:
        return f"PollSoon(account_key={self._key!r}, notices={self._notices!r})"

    async def publish(self, task_id: str | None = None) -> None:
        try:
            await self._leases.due_now(self._key, utc_now(self._clock))
        except Exception as error:
            log.warning(
                "could not bring the poll of %s forward (%s): it comes at its usual time",
                self._key,
                type(error).__name__,
            )
        else:
            self._wake()
        await self._notices.publish(task_id)
