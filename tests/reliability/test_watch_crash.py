"""A watcher gets exactly one direct message when the watched task is retrieved, even when
the replica posting it is killed (SIGKILL) between the status change and the post: two app
processes on PostgreSQL (one on SQLite, restarted), the IVC simulator and the fake Slack over
HTTP. The watch is made with the slash command; the simulator moves the task from pending to
retrieving to retrieved.

The fake Slack holds the direct message's post until the replica posting it is dead: it then
lands (after the kill: the survivor must find it in the direct message channel and not post
again) or fails (it never landed: the survivor posts it once). A dead claim is taken over when
its lease (15 s with a 1 s poll interval) runs out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.slack.poster import EVENT_TYPE
from tests.reliability.test_crash_restart import _rows
from tests.support.app_fixtures import Wire, baseline_records
from tests.support.fake_slack import FakeSlack
from tests.support.polling import wait_until
from tests.support.reliability import crash_replicas

TASK_ID = "9a" * 16
USER = "U0WATCHER"
LEASE_WAIT = 45.0

pytestmark = pytest.mark.slow


def _dms(fake: FakeSlack) -> list[str]:
    return [
        m["metadata"]["event_payload"]["key"]
        for m in fake.messages(fake.dm_channel(USER))
        if (m.get("metadata") or {}).get("event_type") == EVENT_TYPE
    ]


def _task(status: int) -> dict[str, Any]:
    return {**baseline_records()[0], "TaskId": TASK_ID, "TaskName": "gate_0312", "Status": status}


def _claimer(url: str) -> str | None:
    """The worker id holding the direct message's claim (host:pid:suffix), if any."""
    rows = _rows(url, "SELECT claimed_by FROM deliveries WHERE state = 'claimed'")
    return str(rows[0][0]) if rows else None


@pytest.mark.parametrize("lands", [False, True], ids=["post-lost", "post-lands-after-kill"])
def test_killed_between_status_change_and_post_one_dm(
    database_url: str, tmp_path: Path, lands: bool
) -> None:
    replicas = 2 if database_url.startswith("postgresql") else 1
    with crash_replicas(database_url, tmp_path, [*baseline_records(), _task(2)]) as rig:
        sim, fake, stack, start = rig.sim, rig.fake, rig.stack, rig.start
        apps = [start(f"replica-{n}") for n in range(replicas)]
        wire = Wire(apps[0], sim, fake)
        answer = wire.ask(f"watch {TASK_ID}", user_id=USER)
        assert "You are watching" in answer["text"], answer
        status_of = f"SELECT status FROM task_memory WHERE task_id = '{TASK_ID}'"
        wait_until(lambda: _rows(database_url, status_of) == [(2,)], "the task was seen", 15)
        sim.sim.set_tasks([*baseline_records(), _task(1)])
        wait_until(lambda: _rows(database_url, status_of) == [(1,)], "seen retrieving", 15)
        status = 200 if lands else 500  # the held post lands, or fails, once released
        release = fake.hold_next("chat.postMessage", channel=fake.dm_channel(USER), status=status)
        stack.callback(release.set)
        sim.sim.set_tasks([*baseline_records(), _task(0)])
        wait_until(
            lambda: _claimer(database_url) and fake.programmed("chat.postMessage") == 0,
            "the direct message's post is in flight",
            20,
        )
        claimer = _claimer(database_url) or ""
        [doomed] = [app for app in apps if f":{app.process.pid}:" in claimer]
        doomed.process.kill()
        doomed.process.wait(10)
        release.set()
        if replicas == 1:
            start("restarted")

        def delivered() -> bool:
            states = _rows(database_url, "SELECT state FROM deliveries WHERE user_id IS NOT NULL")
            return states == [("done",)]

        wait_until(delivered, "the direct message was delivered after the kill", LEASE_WAIT)
    assert _dms(fake) == [f"watch_ready:T0001:{USER}:{TASK_ID}"], "exactly one direct message"
    opened = [c for c in fake.calls("conversations.open") if c.params.get("users") == USER]
    assert len(opened) >= 2, "the survivor opened the direct message channel again"
