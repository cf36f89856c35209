"""App processes (any role) on one fresh PostgreSQL database, sharing a simulator that can
create tasks and a fake Slack, for wire tests across processes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bot.simulator.cameras import ROOT_ORGANIZATION
from tests.support.app_fixtures import Wire, baseline_records, wire_env
from tests.support.app_process import APP_TOKEN, BOT_TOKEN, running_app
from tests.support.databases import empty_database
from tests.support.fake_slack import running_fake_slack
from tests.support.reliability import AUDIT
from tests.support.simulator import SIM_SECURITY_TOKEN, running_sim


@contextmanager
def processes_on_postgres(
    postgres_url: str,
    tmp_path: Path,
    roles: Sequence[tuple[str, str]],
    *,
    manager: str,
    zone: str,
    **extra: str,
) -> Iterator[list[Wire]]:
    """One process per ``(name, role)``, started one after the other (each migrates on
    start), polling hourly; ``manager`` may create tasks (their cameras: the simulator's)."""
    asyncio.run(empty_database(postgres_url))
    with ExitStack() as stack:
        sim = stack.enter_context(
            running_sim(clock=time.time, security_token=SIM_SECURITY_TOKEN, pace_seconds=3600)
        )
        sim.sim.set_tasks(baseline_records())
        fake = AUDIT.fake(
            stack.enter_context(running_fake_slack(bot_token=BOT_TOKEN, app_token=APP_TOKEN))
        )
        fake.set_user(manager, tz=zone)
        settings = {
            "DATABASE_URL": postgres_url,
            "POLL_INTERVAL_SECONDS": "3600",
            "TASK_MANAGERS": manager,
            "IVC_ORGANIZATION_ID": ROOT_ORGANIZATION,
            "IVC_SECURITY_TOKEN": SIM_SECURITY_TOKEN,
            **extra,
        }
        env = {**wire_env(sim, fake), **settings}
        wires = []
        for name, role in roles:
            workdir = tmp_path / name
            workdir.mkdir()
            app = AUDIT.app(stack.enter_context(running_app(env, workdir, role=role)))
            wire = Wire(app, sim, fake)
            stack.callback(wire.close)
            wires.append(wire)
        yield wires
