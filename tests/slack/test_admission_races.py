"""Limits that requests sent at once cannot get past, through the wire: two
``python -m bot serve`` replicas on one database (PostgreSQL, and one SQLite file) take
commands from many threads at once. 20 ``subscribe`` commands in one channel keep 10, four
that fire at the same instant keep one, and one person's watches stop at
MAX_WATCHES_PER_USER, as they do when the same commands come one by one."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import TypeVar

import pytest

from bot.store.database import Database
from bot.store.subscriptions import SubscriptionStore
from bot.store.watches import WatchStore
from bot.subscriptions.model import Subscription
from bot.watches.model import Watch
from tests.support.app_fixtures import Reply, Wire, baseline_records, dump, wire_env
from tests.support.app_process import APP_TOKEN, BOT_TOKEN, running_app
from tests.support.databases import empty_database
from tests.support.fake_slack import running_fake_slack
from tests.support.polling import wait_until
from tests.support.simulator import running_sim

WORKSPACE = "T0001"  # the workspace of every signed command (slack_requests' default)
PER_CHANNEL = 10
PER_USER = 3
FULL = f"This channel has {PER_CHANNEL} subscriptions, the most it may have"
TOO_MANY_WATCHES = f"You already watch {PER_USER} tasks, the most allowed"
UTC_PLUS_8 = ("Asia/Shanghai", "Asia/Taipei", "Asia/Singapore", "Asia/Manila")

Replicas = tuple[Wire, Wire, str]
Request = tuple[str, str, str]  # text, channel, user
T = TypeVar("T")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def replicas(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replicas]:
    """Two replicas on one database (migrated and emptied first), and its URL."""
    tmp_path: Path = tmp_path_factory.mktemp(f"races-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    asyncio.run(empty_database(url))
    with ExitStack() as stack:
        sim = stack.enter_context(running_sim(clock=time.time))
        sim.sim.set_tasks(baseline_records())
        fake = stack.enter_context(running_fake_slack(bot_token=BOT_TOKEN, app_token=APP_TOKEN))
        env = wire_env(
            sim,
            fake,
            DATABASE_URL=url,
            POLL_INTERVAL_SECONDS="3600",
            CACHE_TTL_SECONDS="600",
            MAX_SUBSCRIPTIONS_PER_CHANNEL=str(PER_CHANNEL),
            MAX_WATCHES_PER_USER=str(PER_USER),
            ACCESS_CACHE_SECONDS="3600",  # a person looked up once is not asked again
        )
        wires: list[Wire] = []
        for name in ("a", "b"):  # one after the other: each migrates on start
            workdir = tmp_path / name
            workdir.mkdir()
            wire = Wire(stack.enter_context(running_app(env, workdir)), sim, fake)
            stack.callback(wire.close)
            wire.wait_readyz(lambda r: r.status_code == 200)
            wire.wait_ivc_answered()
            wires.append(wire)
        a, b = wires
        b._ids = a._ids  # one fake Slack: response_url ids unique across both replicas
        yield a, b, url
        for wire in wires:
            wire.check_all_sent()


def at_once(replicas: Replicas, requests: list[Request], *, hold: str | None = None) -> list[str]:
    """Send every command from its own thread, alternating replicas; each one's answer (the
    first body POSTed to its response_url), in the order of ``requests``.

    ``hold``: a Slack method each command calls just before its admission (``users.info``,
    the caller's zone). Each user first asks ``help`` of its replica (the access check's
    look-up of the person is then cached), then every ``hold`` call of the commands is held
    until all have arrived and all are answered together: the admissions run at once,
    however slow the machine."""
    a, b, _ = replicas

    def wire(index: int) -> Wire:
        return (a, b)[index % 2]

    def send(index: int) -> Reply:
        text, channel, user = requests[index]
        return wire(index).command(text, channel_id=channel, user_id=user)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        if hold:
            list(
                pool.map(
                    lambda i: wire(i).ask("help", user_id=requests[i][2]), range(len(requests))
                )
            )
        releases = [a.fake.hold_next(hold) for _ in requests] if hold else []
        try:
            sent = [pool.submit(send, index) for index in range(len(requests))]
            if hold:
                wait_until(lambda: a.fake.programmed(hold) == 0, f"every {hold} call held", 15)
        finally:
            for release in releases:
                release.set()
        replies = [future.result() for future in sent]
    return [dump(reply.wait_response()) for reply in replies]


def read_store(url: str, read: Callable[[Database], Awaitable[T]]) -> T:
    """What ``read`` finds in the replicas' database."""

    async def run() -> T:
        db = await Database.open(url)
        try:
            return await read(db)
        finally:
            await db.aclose()

    return asyncio.run(run())


def stored_subscriptions(url: str, channel: str) -> list[Subscription]:
    return read_store(url, lambda db: SubscriptionStore(db).for_channel(WORKSPACE, channel))


def stored_watches(url: str, user: str) -> list[Watch]:
    return read_store(url, lambda db: WatchStore(db).of_person(WORKSPACE, user))


def test_twenty_subscribes_at_once_in_one_channel_keep_ten(replicas: Replicas) -> None:
    channel = "C0RACEFULL"
    requests = [(f"subscribe daily {h:02d}:20 UTC", channel, f"U0RACE{h:02d}") for h in range(20)]
    answers = at_once(replicas, requests, hold="users.info")
    a, _, url = replicas
    assert len(stored_subscriptions(url, channel)) == PER_CHANNEL
    assert len(a.fake.messages(channel)) == PER_CHANNEL, "one confirmation per kept one"
    refused = [answer for answer in answers if FULL in answer]
    assert len(refused) == len(requests) - PER_CHANNEL, answers


def test_four_subscribes_at_once_firing_at_one_instant_keep_one(replicas: Replicas) -> None:
    channel = "C0RACESAME"
    requests = [
        (f"subscribe daily 10:10 {zone}", channel, f"U0SAME{index}")
        for index, zone in enumerate(UTC_PLUS_8)
    ]
    answers = at_once(replicas, requests, hold="users.info")
    a, _, url = replicas
    [kept] = stored_subscriptions(url, channel)
    assert len(a.fake.messages(channel)) == 1
    told = [
        answer
        for answer in answers
        if "This channel already has" in answer
        and f"(#{kept.id})" in answer
        and kept.timezone in answer
    ]
    assert len(told) == 3, f"the other three are told they duplicate #{kept.id}: {answers}"


def test_one_persons_watches_at_once_stop_at_the_limit(replicas: Replicas) -> None:
    user = "U0RACEWATCH"
    task_ids = [record["TaskId"] for record in baseline_records()[:12]]
    answers = at_once(replicas, [(f"watch {task_id}", "C0RACEWATCH", user) for task_id in task_ids])
    _, _, url = replicas
    assert len(stored_watches(url, user)) == PER_USER
    refused = [answer for answer in answers if TOO_MANY_WATCHES in answer]
    assert len(refused) == len(task_ids) - PER_USER, answers
