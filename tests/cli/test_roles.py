"""The roles of one program, through the wire: ``python -m bot web`` answers Slack and polls,
schedules and delivers nothing; ``python -m bot worker`` polls, delivers and refuses Slack
requests (no ``/slack/events``); both share PostgreSQL (on SQLite each refuses to start, in
one line) and both exit 0 on SIGTERM.

A task created on the web process is polled by the worker at once (the poll interval is an
hour here), so the channel hears of it; the metrics of each process show who did what."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.observability.helpers import value, wait_value
from tests.support.app_fixtures import Wire, dump
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET
from tests.support.paths import ROOT
from tests.support.polling import bound
from tests.support.processes import processes_on_postgres
from tests.support.slack_requests import signed_headers, slash_command_body
from tests.support.task_form import create_with_form

MANAGER = "U0MGR"
ZONE = "Europe/Paris"
CHANNEL = "C0ROLES"
POLLS = "retrieval_tasks_polls_total"
CARDS = "retrieval_tasks_deliveries_posted_total"
LISTENING = "retrieval_tasks_change_feed_listening"
EXIT_WAIT = 60  # seconds: a bound on waiting for a process to exit


@pytest.fixture
def web_and_worker(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Wire, Wire]]:
    """One web and one worker process on a fresh PostgreSQL database, polling hourly."""
    roles = [("web", "web"), ("worker", "worker")]
    with processes_on_postgres(postgres_url, tmp_path, roles, manager=MANAGER, zone=ZONE) as wires:
        yield wires[0], wires[1]


def _exits_0_on_sigterm(wire: Wire) -> str:
    """SIGTERM: the process drains, says it stopped and exits 0; its output."""
    wire.app.process.send_signal(signal.SIGTERM)
    assert wire.app.process.wait(EXIT_WAIT) == 0, wire.app.output()
    output = wire.app.output()
    assert "stopped" in output and "Traceback" not in output, output
    return output


def test_the_worker_serves_health_and_metrics_and_no_slack_requests(
    web_and_worker: tuple[Wire, Wire],
) -> None:
    web, worker = web_and_worker
    assert worker.get("/healthz").status_code == 200
    assert worker.get("/readyz").json() == {"ready": True}
    body = slash_command_body("help", response_url=web.fake.response_url("r-worker"))
    refused = worker.post(body, signed_headers(body, SIGNING_SECRET))
    assert refused.status_code == 404, "a worker has no /slack/events"
    assert worker.get_metrics().status_code == 200
    assert web.command("help").answered_in_ack, "the web process answers"
    _exits_0_on_sigterm(worker)
    _exits_0_on_sigterm(web)


def test_a_task_created_on_web_is_polled_and_announced_by_the_worker_at_once(
    web_and_worker: tuple[Wire, Wire],
) -> None:
    web, worker = web_and_worker
    wait_value(worker, POLLS, lambda v: v == 1, account="shared", outcome="ok")  # its first
    wait_value(worker, LISTENING, lambda v: v == 1)  # it hears the web process's writes
    web.command("subscribe notify", channel_id=CHANNEL).wait_response()
    web.fake.wait_for_sync(lambda: web.fake.messages(CHANNEL) or None, timeout=15)  # confirmed
    yesterday = (datetime.now(ZoneInfo(ZONE)) - timedelta(days=1)).date().isoformat()
    create_with_form(web, MANAGER, "made_on_web", yesterday)

    # An hour before its next poll is due, the worker polls again and posts the task's card.
    web.fake.wait_for_sync(
        lambda: [m for m in web.fake.messages(CHANNEL) if "made_on_web" in dump(m)] or None,
        timeout=15,
    )
    assert value(worker, POLLS, account="shared", outcome="ok") == 2
    wait_value(worker, CARDS, lambda v: v == 1, kind="card")  # counted once Slack answered
    assert value(web, POLLS, account="shared", outcome="ok") == 0, "web polls nothing"
    assert value(web, CARDS, kind="card") == 0, "web delivers nothing"
    _exits_0_on_sigterm(web)
    assert "serving health checks only" in _exits_0_on_sigterm(worker)


@pytest.mark.parametrize("role", ["web", "worker"])
def test_web_and_worker_refuse_sqlite_in_one_line(role: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IVC_", "SLACK_"))}
    env.update(_on_sqlite(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "bot", role],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=bound(30),
    )
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "needs PostgreSQL" in lines[0], done.stderr
    assert f"python -m bot {role}" in lines[0]


def _on_sqlite(tmp_path: Path) -> dict[str, str]:
    """Settings complete but for the database: SQLite."""
    return {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
        "IVC_SECRET_ID": "AKIDrefusal",
        "IVC_SECRET_KEY": "refusal-key",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "PYTHONPATH": str(ROOT),
    }
