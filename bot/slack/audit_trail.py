"""Record a task change attempt: stored (``AuditStore``), logged as one structured line, and
posted to AUDIT_CHANNEL when set (by the request's token, or the operator's for the
environment's account). A failure of any of the three is logged, never raised: the change
itself already happened (or not) at IVC."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock, utc_now
from bot.ivc.errors import IvcRefusedError
from bot.slack.poster import SLACK_CALL_FAILURES, Posters, PostFailed
from bot.store.audit import AuditEntry, AuditStore
from bot.store.unavailable import database_unavailable
from bot.views.audit_line import audit_line

log = logging.getLogger(__name__)

ClientOf = Callable[[], Awaitable[AsyncWebClient]]
"""The Web API client of one workspace's token, looked up when it posts."""


def posting_as(posters: Posters, workspace_id: str) -> ClientOf:
    """The client of the token ``workspace_id`` granted on install (raises ``PostFailed`` when it
    did not install the app)."""

    async def client() -> AsyncWebClient:
        return (await posters.for_workspace(workspace_id)).client

    return client


def outcome_of(error: BaseException) -> tuple[str, str]:
    """(outcome, IVC RequestId) of a failed attempt."""
    request_id = str(getattr(error, "request_id", "") or "")
    if isinstance(error, IvcRefusedError):
        return f"refused:{error.reason.value}", request_id
    return f"failed:{type(error).__name__}", request_id


@dataclass(frozen=True)
class Attempt:
    """Who asked for what: the start of an audit entry."""

    workspace_id: str
    user_id: str
    action: str
    request: dict[str, Any]

    def entry(
        self, at: datetime, outcome: str, *, task_id: str = "", request_id: str = ""
    ) -> AuditEntry:
        return AuditEntry(
            self.workspace_id,
            self.user_id,
            at,
            self.action,
            self.request,
            outcome,
            task_id,
            request_id,
        )


@dataclass(frozen=True)
class Auditor:
    """The audit store and AUDIT_CHANNEL (None: not posted), posted to by ``poster``'s token
    (None: the request's)."""

    store: AuditStore
    channel: str | None = None
    poster: ClientOf | None = None

    async def record(self, entry: AuditEntry, client: AsyncWebClient | None = None) -> None:
        log.info("audit %s %s", entry.action, entry.outcome, extra=entry.log_fields())
        try:
            await self.store.add(entry)
        except Exception as error:  # SQLAlchemy's, or the driver's own when unreachable
            if not isinstance(error, SQLAlchemyError) and database_unavailable(error) is None:
                raise
            log.error("could not store the audit entry (%s)", type(error).__name__)
        if self.channel and client is not None:
            line = audit_line(entry)
            try:
                posting = client if self.poster is None else await self.poster()
                await posting.chat_postMessage(channel=self.channel, text=line, mrkdwn=True)
            except PostFailed as failure:
                log.warning("could not post to AUDIT_CHANNEL (%s)", failure.error)
            except (*SLACK_CALL_FAILURES, SQLAlchemyError) as error:
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
