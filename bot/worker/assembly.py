"""Build one replica's worker from settings, the task source and the database."""

from __future__ import annotations

import os
import socket
import time
import uuid
from datetime import timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import Clock
from bot.features.work_objects.cards import CardEntities
from bot.features.work_objects.refresh import UnfurlRefresher
from bot.ivc.source import TaskSource
from bot.slack.block_kit import RenderingChoice
from bot.slack.poster import Posters
from bot.slack.viewers import ViewerCheck
from bot.store.audit import AuditStore
from bot.store.block_kit import RenderingStore
from bot.store.cards import CardStore
from bot.store.database import Database
from bot.store.outbox import Outbox
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_history import TaskHistoryStore
from bot.store.task_memory import TaskMemoryStore
from bot.store.unfurled_links import UnfurledLinkStore
from bot.store.unit_of_work import UnitOfWork
from bot.store.watches import WatchStore
from bot.views.task_link import TaskLinks
from bot.watches.model import DEFAULT_REMINDER_HOURS
from bot.worker.account_polling import AccountPolling
from bot.worker.account_reads import AccountReads
from bot.worker.delivery import Deliverer, DeliveryMetrics
from bot.worker.poll_count import PollCount, uncounted
from bot.worker.retention import (
    DEFAULT_AUDIT_DAYS,
    DEFAULT_HISTORY_DAYS,
    DEFAULT_RETENTION_DAYS,
    Retention,
)
from bot.worker.runner import Worker


def worker_id() -> str:
    """Unique per process start: host, pid and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_for(poll_interval: float) -> timedelta:
    """How long a claim holds: short enough that a dead replica's work moves on within one
    poll interval, long enough for one Slack call (which times out after 10 s)."""
    return timedelta(seconds=max(15.0, min(30.0, poll_interval / 2)))


def build_worker(
    *,
    source: TaskSource,
    db: Database,
    client: AsyncWebClient | Posters,
    poll_interval: float,
    lang: str,
    clock: Clock = time.time,
    name: str | None = None,
    metrics: DeliveryMetrics | None = None,
    retention_days: float = DEFAULT_RETENTION_DAYS,
    history_days: float = DEFAULT_HISTORY_DAYS,
    audit_days: float = DEFAULT_AUDIT_DAYS,
    renderings: RenderingChoice | None = None,
    reminder_hours: float = DEFAULT_REMINDER_HOURS,
    viewers: ViewerCheck | None = None,
    reads: AccountReads | None = None,
    workspaces: frozenset[str] | None = None,
    accounts: AccountPolling | None = None,
    memory: TaskMemoryStore | None = None,
    counted: PollCount = uncounted,
    personal_lang: bool = False,
    links: TaskLinks | None = None,
    work_objects: CardEntities | None = None,
    zone: str = "UTC",
) -> Worker:
    """``client`` posts for a single workspace; ``Posters`` picks each workspace's token.
    ``metrics`` counts what the deliverer posts and fails to post; finished deliveries are
    kept ``retention_days`` (OUTBOX_RETENTION_DAYS), task history ``history_days``
    (HISTORY_RETENTION_DAYS), audit entries ``audit_days`` (AUDIT_RETENTION_DAYS); watchers
    are reminded ``reminder_hours`` before a copy expires (WATCH_EXPIRY_REMINDER_HOURS), if
    ``viewers`` says they may still see tasks; with ``personal_lang`` (READER_LANGUAGE=person)
    in their own Slack language, channels in ``lang`` (BOT_LANGUAGE).

    Multi-workspace mode: ``source`` is the environment's account, read by
    ``workspaces`` only; ``accounts`` polls the workspaces' own accounts and ``reads`` gives a
    summary its workspace's account. ``work_objects``: notification cards carry the task entity
    (PUBLIC_URL set).

    With ``links`` (PUBLIC_URL), task links unfurled in posted messages are unfurled again
    when their task's status changes (in ``lang`` and ``zone``, BOT_TIMEZONE), with the
    cards' Work Objects refusal memory (``work_objects.support``, shared with the unfurls)."""
    subs, uow = SubscriptionStore(db), UnitOfWork(db)
    memory = memory or TaskMemoryStore(db)  # of ``source``'s account
    outbox, cards, history = Outbox(db), CardStore(db), TaskHistoryStore(db)
    watches = WatchStore(db)
    if renderings is None:  # newer blocks where accepted (weekly report charts)
        renderings = RenderingChoice("auto", RenderingStore(db), clock=clock)
    posters = client if isinstance(client, Posters) else Posters(client)
    unfurled = UnfurledLinkStore(db)
    refresher = None
    if links is not None and work_objects is not None:  # the cards' channel rule too
        refresher = UnfurlRefresher(
            links=links,
            support=work_objects.support,
            store=unfurled,
            zone=zone,
            lang=lang,
            viewers=work_objects.viewers,
        )
    deliverer = Deliverer(
        outbox=outbox,
        uow=uow,
        subs=subs,
        memory=memory,
        cards=cards,
        source=source,
        posters=posters,
        worker_id=name or worker_id(),
        lang=lang,
        lease=lease_for(poll_interval),
        clock=clock,
        metrics=metrics,
        history=history,
        renderings=renderings,
        watches=watches,
        viewers=viewers,
        reads=reads,
        personal_lang=personal_lang,
        links=links,
        work_objects=work_objects,
        refresher=refresher,
    )
    return Worker(
        source=source,
        subs=subs,
        memory=memory,
        uow=uow,
        deliverer=deliverer,
        poll_interval=poll_interval,
        clock=clock,
        retention=Retention(
            outbox,
            cards,
            timedelta(days=retention_days),
            history,
            timedelta(days=history_days),
            watches,
            AuditStore(db),
            timedelta(days=audit_days),
            unfurled,
        ),
        watches=watches,
        reminder_hours=reminder_hours,
        workspaces=workspaces,
        accounts=accounts,
        counted=counted,
    )
