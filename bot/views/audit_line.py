"""One audit entry as one line (pure): for AUDIT_CHANNEL (mrkdwn, untrusted text escaped,
nothing pings) and for ``python -m bot audit`` (plain)."""

from __future__ import annotations

from bot.store.audit import AuditEntry
from bot.views.mrkdwn import code


def _name(entry: AuditEntry) -> str:
    return str(entry.request.get("TaskName") or entry.request.get("TaskId") or "")


def audit_line(entry: AuditEntry) -> str:
    """``<@U…>``-free: the user id as code, so posting it pings nobody."""
    return (
        f"{entry.at:%Y-%m-%d %H:%M:%S}Z {entry.action} {code(_name(entry), 64)} by "
        f"{code(entry.user_id, 32)} in {code(entry.workspace_id, 32)}: {code(entry.outcome, 64)}"
        + (f" TaskId {code(entry.task_id, 64)}" if entry.task_id else "")
        + (f" RequestId {code(entry.request_id, 64)}" if entry.request_id else "")
    )


def audit_text(entry: AuditEntry) -> str:
    """The same for a terminal: tab-separated columns."""
    return "\t".join(
        (
            f"{entry.at:%Y-%m-%dT%H:%M:%SZ}",
            entry.workspace_id,
            entry.user_id,
            entry.action,
            _name(entry).replace("\t", " ").replace("\n", " "),
            entry.outcome,
            entry.task_id,
            entry.request_id,
        )
    )
