"""``python -m bot audit [--since 7d] [--team T…]``: print the audit trail of task creates and
deletes (tab-separated: when, workspace, user, action, task name, outcome, TaskId, RequestId)."""

from __future__ import annotations

import argparse
import asyncio
import re
import time
from datetime import timedelta

from bot import logs
from bot.clock import utc_now
from bot.config import ConfigError, load_settings
from bot.store.audit import AuditStore
from bot.store.database import Database
from bot.views.audit_line import audit_text

_SPAN = re.compile(r"([0-9]{1,6})([dhm])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
DEFAULT_SINCE = "7d"


def parse_since(text: str) -> timedelta:
    """``7d``, ``12h``, ``30m``; raises ValueError with what to type instead."""
    match = _SPAN.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(f"--since {text!r}: use a number and d, h or m (e.g. 7d, 12h, 30m)")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


async def _print(since: timedelta, workspace: str | None) -> int:
    settings = load_settings()
    logs.configure_from_settings(settings)
    db = await Database.open(settings.database_url)
    try:
        entries = await AuditStore(db).since(utc_now(time.time) - since, workspace)
    finally:
        await db.aclose()
    for entry in entries:
        print(audit_text(entry))
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = commands.add_parser("audit", help="print the audit trail of task creates and deletes")
    audit.add_argument("--since", default=DEFAULT_SINCE, help="how far back (7d, 12h, 30m)")
    audit.add_argument("--team", default=None, help="one workspace's entries (team id)")
    audit.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        since = parse_since(args.since)
    except ValueError as error:
        logs.fatal(f"error: {error}", __name__)
        return 2
    try:
        return asyncio.run(_print(since, args.team))
    except ConfigError as error:
        logs.fatal(f"error: {error}", __name__)
        return 2
