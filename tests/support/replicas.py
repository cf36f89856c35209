"""Several app replicas in one test process: each with its own database engine, IVC cache
and Slack client, all on one fake clock, sharing the simulator, the fake Slack and the DB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.features.work_objects.cards import CardEntities
from bot.features.work_objects.support import WorkObjectSupport
from bot.ivc.credentials import Credentials
from bot.ivc.ivc_api.client import IvcClient
from bot.ivc.source import TaskSource
from bot.slack.viewers import ViewerRules
from bot.store.block_kit import RenderingStore
from bot.store.database import Database
from bot.views.task_link import TaskLinks
from bot.worker.assembly import build_worker
from bot.worker.runner import Worker
from tests.support.clock import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim


@dataclass
class Replica:
    name: str
    worker: Worker
    db: Database
    source: TaskSource

    async def aclose(self) -> None:
        await self.source.aclose()
        await self.db.aclose()


async def start_replica(
    name: str,
    url: str,
    sim: RunningSim,
    fake: FakeSlack,
    *,
    poll_interval: float = 60,
    lang: str = "en",
    slack_timeout: int = 30,
    viewers: ViewerRules | None = None,
    personal_lang: bool = False,
    public_url: str | None = None,
) -> Replica:
    """A worker on ``sim`` and ``fake``; ``public_url`` (PUBLIC_URL): its cards carry the task
    entity and posted task links are unfurled again on a status change, with the refusal
    memory in the database."""
    clock: FakeClock = sim.clock
    db = await Database.open(url)
    client = IvcClient(sim.base_url, Credentials(SIM_SECRET_ID, SIM_SECRET_KEY), clock=clock)
    source = TaskSource(client, ttl=poll_interval / 2, max_stale=600, details_ttl=30, clock=clock)
    slack = AsyncWebClient(
        token=fake.bot_token, base_url=fake.api_base_url, timeout=slack_timeout, retry_handlers=[]
    )
    support = WorkObjectSupport(RenderingStore(db), clock=clock)  # one refusal memory
    worker = build_worker(
        source=source,
        db=db,
        client=slack,
        poll_interval=poll_interval,
        lang=lang,
        clock=clock,
        name=name,
        viewers=viewers,
        personal_lang=personal_lang,
        links=None if public_url is None else TaskLinks(public_url),
        work_objects=None if public_url is None else _card_entities(public_url, support, viewers),
    )
    return Replica(name, worker, db, source)


def _card_entities(
    public_url: str, support: WorkObjectSupport, viewers: ViewerRules | None
) -> CardEntities:
    rules = viewers or ViewerRules()  # VIEWERS unset unless the test sets it
    return CardEntities(links=TaskLinks(public_url), support=support, zone="UTC", viewers=rules)


@asynccontextmanager
async def replicas(
    n: int,
    url: str,
    sim: RunningSim,
    fake: FakeSlack,
    *,
    poll_interval: float = 60,
    lang: str = "en",
    slack_timeout: int = 30,
    public_url: str | None = None,
) -> AsyncIterator[list[Replica]]:
    """``n`` replicas, started one after another (each migrates on start, like the app);
    ``public_url``: as ``start_replica``'s."""
    started: list[Replica] = []
    try:
        for index in range(n):
            replica = await start_replica(
                f"replica-{index}",
                url,
                sim,
                fake,
                poll_interval=poll_interval,
                lang=lang,
                slack_timeout=slack_timeout,
                public_url=public_url,
            )
            started.append(replica)
        yield started
    finally:
        for replica in started:
            await replica.aclose()


async def tick_all(group: list[Replica]) -> None:
    for replica in group:
        await replica.worker.tick()
