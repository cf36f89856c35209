"""How many IVC list calls a flood of commands costs.

- 1,000 ``all refresh`` commands from 50 users, as fast as they can be sent, to an app in
  HTTP mode with the default REFRESH_MIN_INTERVAL_SECONDS (and the per-user limit set high,
  so that sharing does the work): a fetch starts only when a refresh comes at least the
  minimum interval after the last one started, so a burst of ``d`` seconds (the first
  command sent to the last answer received: every fetch starts within it) costs at most
  ``1 + d // interval`` calls (3 in 10 s). Real time: the bound grows with ``d``, so a slow
  machine loosens it and never breaks it.
- An outage of a minute with 1,000 commands (refreshes and plain reads, the cache expired):
  the default backoff (IVC_BACKOFF_SECONDS doubling to IVC_BACKOFF_MAX_SECONDS) schedules
  the calls, so this runs on a fake clock against the simulator: the task source the app
  uses, with the answers the app would send.

Both write ``tests/reliability/results/ivc_call_limits*.json``.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.commands import parse_command
from bot.config import Settings
from bot.features.tasks.answers import answer
from bot.ivc.errors import IvcError
from bot.ivc.source import build_source
from tests.support.app_fixtures import Reply, Wire, header_text
from tests.support.clock import FakeClock
from tests.support.reliability import audited_wire, record_result
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, running_sim

COMMANDS = 1000
USERS = 50
DEFAULTS = Settings.model_fields
INTERVAL = float(DEFAULTS["refresh_min_interval_seconds"].default)
BACKOFF = float(DEFAULTS["ivc_backoff_seconds"].default)
BACKOFF_MAX = float(DEFAULTS["ivc_backoff_max_seconds"].default)

pytestmark = pytest.mark.slow


def _burst(wire: Wire) -> tuple[list[Reply], float]:
    """Every user sends its share of ``all refresh``; the replies, each answered, and the
    seconds from the first command to the last answer."""

    def user(index: int) -> list[Reply]:
        return [
            wire.command("all refresh", user_id=f"U{index:04d}F") for _ in range(COMMANDS // USERS)
        ]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=USERS) as pool:
        replies = [reply for share in pool.map(user, range(USERS)) for reply in share]
    for reply in replies:
        assert header_text(reply.answer(timeout=60)).startswith("All tasks")
    return replies, time.monotonic() - started


def test_a_thousand_refreshes_share_a_few_fetches(tmp_path):
    with audited_wire(
        tmp_path,
        CACHE_TTL_SECONDS="600",
        REFRESH_MIN_INTERVAL_SECONDS=str(INTERVAL),
        IVC_BACKOFF_SECONDS=str(BACKOFF),
        USER_COMMANDS_PER_WINDOW="100000",
    ) as wire:
        wire.sim.reset_counters()
        replies, seconds = _burst(wire)
        calls = wire.sim.list_requests
        wire.check_all_sent()
    assert len(replies) == COMMANDS
    assert calls <= 1 + seconds // INTERVAL, (calls, seconds)
    record_result(
        "ivc_call_limits_refresh",
        {
            "commands": COMMANDS,
            "users": USERS,
            "refresh_min_interval_seconds": INTERVAL,
            "burst_seconds": round(seconds, 2),
            "ivc_list_calls": calls,
            "bound": f"1 + burst_seconds // {INTERVAL:g}",
        },
    )


TEXTS = ("all refresh", "pending", "retrieved refresh", "search cam", "all")


async def test_an_outage_of_a_minute_costs_a_few_calls():
    clock = FakeClock()
    with running_sim(clock=clock) as sim:
        settings = Settings(
            ivc_base_url=sim.base_url,
            ivc_secret_id=SIM_SECRET_ID,
            ivc_secret_key=SIM_SECRET_KEY,
        )
        source = build_source(settings, clock=clock)
        try:
            await source.list()
            clock.advance(settings.cache_ttl_seconds + 1)  # the copy has expired
            sim.sim.set_fault("http-500")
            sim.sim.reset_counters()
            outage_start = clock()
            stale = errors = 0
            for index in range(COMMANDS):  # evenly over 60 s
                clock.set(outage_start + index * 60 / COMMANDS)
                command = parse_command(TEXTS[index % len(TEXTS)])
                try:
                    message = await answer(command, source, lang="en")
                except IvcError:
                    errors += 1
                else:
                    stale += "IVC is not answering (" in message.text or any(
                        "IVC is not answering (" in str(block) for block in message.blocks
                    )
            calls = sim.sim.list_requests
        finally:
            await source.aclose()
    assert stale == COMMANDS and errors == 0, "every answer is the stale copy with its warning"
    assert calls <= 5, calls
    record_result(
        "ivc_call_limits_outage",
        {
            "commands": COMMANDS,
            "outage_seconds": 60,
            "ivc_backoff_seconds": BACKOFF,
            "ivc_backoff_max_seconds": BACKOFF_MAX,
            "ivc_list_calls": calls,
            "clock": "fake (the backoff schedule decides)",
        },
    )
