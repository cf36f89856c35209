"""``python -m bot tasks``: print the task list, from IVC or the built-in simulator."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime

from bot.cli.simulated import settings_for
from bot.cli.table import render_table, task_to_json
from bot.config import ConfigError
from bot.ivc.errors import IvcError
from bot.ivc.snapshot import TaskSnapshot
from bot.ivc.source import build_source
from bot.tasks.selection import StatusFilter, select


async def _fetch(simulate: bool, refresh: bool, api: str | None) -> TaskSnapshot:
    async with settings_for(simulate, api=api) as settings:
        source = build_source(settings)
        try:
            return await source.list(refresh=refresh)
        finally:
            await source.aclose()


def run(args: argparse.Namespace) -> int:
    try:
        snapshot = asyncio.run(_fetch(args.simulate, args.refresh, args.api))
    except (ConfigError, IvcError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if isinstance(error, ConfigError) else 1
    tasks = sorted(
        select(snapshot.tasks, StatusFilter(args.status)),
        key=lambda task: (task.start, task.task_id),
        reverse=True,
    )
    if args.json:
        print(json.dumps([task_to_json(t) for t in tasks], ensure_ascii=False, indent=2))
    else:
        print(render_table(tasks, now=datetime.now(UTC), snapshot=snapshot))
    return 0
