"""Record a task change attempt: stored (``AuditStore``), logged as one structured line, and
posted to AUDIT_CHANNEL when set. A failure of any of the three is logged, never raised: the
change itself already happened (or not) at IVC."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock, utc_now
from bot.ivc.errors import IvcRefusedError
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.store.audit import AuditEntry, AuditStore
from bot.views.audit_line import audit_line

log = logging.getLogger(__name__)


def outcome_of(error: BaseException) -> tuple[str, str]:
    """(outcome, IVC RequestId) of a failed attempt."""
    request_id = str(getattr(error, "request_id", "") or "")
    if isinstance(error, IvcRefusedError):
        return f"refused:{error.reason.value}", request_id
    return f"failed:{type(error).__name__}", request_id


@dataclass(frozen=True)
class Attempt:
    """Who asked for what: the start of an audit entry."""

    team_id: str
    user_id: str
    action: str
    request: dict[str, Any]

    def entry(
        self, at: datetime, outcome: str, *, task_id: str = "", request_id: str = ""
    ) -> AuditEntry:
        return AuditEntry(
            self.team_id, self.user_id, at, self.action, self.request, outcome, task_id, request_id
        )


@dataclass(frozen=True)
class Auditor:
    """The audit store and AUDIT_CHANNEL (None: not posted)."""

    store: AuditStore
    channel: str | None = None

    async def record(self, entry: AuditEntry, client: AsyncWebClient | None = None) -> None:
        log.info("audit %s %s", entry.action, entry.outcome, extra=entry.log_fields())
        try:
            await self.store.add(entry)
        except SQLAlchemyError as error:
            log.error("could not store the audit entry (%s)", type(error).__name__)
        if self.channel and client is not None:
            line = audit_line(entry)
            try:
                await client.chat_postMessage(channel=self.channel, text=line, mrkdwn=True)
            except SLACK_CALL_FAILURES as error:
                log.warning("could not post to AUDIT_CHANNEL (%s)", type(error).__name__)


async def audit(
    auditor: Auditor | None,
    clock: Clock,
    client: AsyncWebClient,
    attempt: Attempt,
    outcome: str,
    **ids: str,
) -> None:
    """Record ``attempt``'s ``outcome`` now (nothing when the app has no audit trail)."""
    if auditor is not None:
        await auditor.record(attempt.entry(utc_now(clock), outcome, **ids), client)
