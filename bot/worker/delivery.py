"""Deliver what the outbox holds: claim one item, post it to Slack, record the result.

Fair: claims take turns between channels and pass over a channel (or a workspace) that
``Pacing`` holds, so a channel with a storm of posts, or one Slack answers 429 for, never
delays the others.

Exactly once: a delivery is claimed with a lease, and every post carries the delivery's key
in Slack message metadata. A delivery taken over after a crash first looks for a message
with its key, so a post that reached Slack before the crash is not sent again.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from slack_sdk.models.metadata import EntityMetadata

from bot.clock import Clock, utc_now
from bot.features.report.period_report import render_report
from bot.features.report.status_report import status_report
from bot.features.subscriptions.notifications import (
    render_gone,
    render_status_reply,
    render_task_notification,
)
from bot.features.watches.views import render_watch_expiring, render_watch_gone, render_watch_ready
from bot.features.work_objects.cards import CardEntities
from bot.features.work_objects.refresh import Tracked, UnfurlRefresher
from bot.ivc.accounts import NotConnected
from bot.ivc.errors import IvcError
from bot.ivc.models import Task
from bot.ivc.source import TaskSource
from bot.reports.report import build_report
from bot.schedule import ScheduleKind
from bot.slack.block_kit import RenderingChoice, send_with_fallback
from bot.slack.block_refusal import BlockRefusal, refusal_in
from bot.slack.poster import (
    SLACK_CALL_FAILURES,
    Posters,
    PostFailed,
    SlackPoster,
    post_failure,
)
from bot.slack.reader_lang import language_of
from bot.slack.viewers import AccessRefusal, ViewerCheck
from bot.store.cards import CardStore
from bot.store.outbox import Delivery, DeliveryKind, Outbox, Turn
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_history import TaskHistoryStore
from bot.store.task_memory import TaskMemoryStore
from bot.store.unit_of_work import UnitOfWork
from bot.store.watches import WatchStore
from bot.subscriptions.model import NotifyEvent, Subscription, event_of_status
from bot.subscriptions.schedules import subscription_schedule
from bot.views.errors import render_error
from bot.views.message import Message
from bot.views.rendering import Rendering
from bot.views.task_link import TaskLinks
from bot.watches.model import DM_REFUSALS, WatchState
from bot.worker.account_reads import AccountReads, AccountView, one_account
from bot.worker.dedupe_keys import card_key
from bot.worker.pacing import Pacing
from bot.worker.payloads import memory_from_payload, task_from_payload

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF_SECONDS = 300.0
SETTLE_SECONDS = 30.0
SERVED_REMEMBERED = 64  # channels whose turn came lately, for round-robin claims


class DeliveryMetrics(Protocol):
    """What the deliverer counts (``bot.observability.metrics.Metrics`` is one)."""

    def delivered(self, kind: str) -> None: ...

    def delivery_failed(self, kind: str, action: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a delivery produced: the ts of its post, a new card's ts, a summary's time, the
    first direct message about a watched task (its thread takes the later ones)."""

    ts: str | None = None
    card_ts: str | None = None
    summary_at: datetime | None = None
    thread_ts: str | None = None


class Deliverer:
    """Delivers outbox items for one replica (``worker_id``)."""

    def __init__(
        self,
        *,
        outbox: Outbox,
        uow: UnitOfWork,
        subs: SubscriptionStore,
        memory: TaskMemoryStore,
        cards: CardStore,
        source: TaskSource,
        posters: Posters,
        worker_id: str,
        lang: str = "en",
        lease: timedelta = timedelta(seconds=30),
        clock: Clock = time.time,
        metrics: DeliveryMetrics | None = None,
        history: TaskHistoryStore | None = None,
        renderings: RenderingChoice | None = None,
        watches: WatchStore | None = None,
        viewers: ViewerCheck | None = None,
        reads: AccountReads | None = None,
        personal_lang: bool = False,
        links: TaskLinks | None = None,
        work_objects: CardEntities | None = None,
        refresher: UnfurlRefresher | None = None,
    ) -> None:
        self._outbox, self._uow, self._subs = outbox, uow, subs
        self._refresher = refresher  # posted task links unfurled again (None: not)
        self._links = links  # PUBLIC_URL's task links, in watchers' direct messages
        self._work_objects = work_objects  # cards as Work Objects (PUBLIC_URL set)
        # each workspace's IVC account (multi-workspace mode); None: ``source`` for every one
        self._reads = reads or one_account(source, memory)
        self._history = history  # weekly reports (None: weekly schedules post summaries)
        self._renderings = renderings or RenderingChoice(clock=clock)
        self._watches = watches  # direct messages to watchers (None: none are delivered)
        self._viewers = viewers  # who may still see tasks (VIEWERS, guests) when a DM is due
        self._personal_lang = personal_lang  # READER_LANGUAGE=person: DMs in their language
        self._memory, self._cards = memory, cards
        self._source, self._posters = source, posters
        self.worker_id, self._lang, self._lease, self._clock = worker_id, lang, lease, clock
        self.delivered = 0
        self.pacing = Pacing(clock)  # who may be posted to now (pace and 429 backoffs)
        self._served: OrderedDict[str, None] = OrderedDict()  # least recently served first
        self._metrics = metrics  # counts posts and failed attempts when given

    def _now(self) -> datetime:
        return utc_now(self._clock)

    def _link(self, task_id: str) -> str | None:
        """The task's link (PUBLIC_URL), or None."""
        return None if self._links is None else self._links.url(task_id)

    def ready_in(self) -> float:
        """Seconds until a channel or workspace held back (pace, Retry-After) frees up."""
        return self.pacing.ready_in()

    def _turn(self) -> Turn:
        channels, workspaces = self.pacing.held()
        return Turn(held_channels=channels, held_workspaces=workspaces, served=list(self._served))

    def _served_now(self, channel: str) -> None:
        self._served.pop(channel, None)
        self._served[channel] = None
        while len(self._served) > SERVED_REMEMBERED:
            self._served.popitem(last=False)

    async def run_once(self) -> bool:
        """Deliver one item; False when nothing was deliverable now."""
        item = await self._outbox.claim(self.worker_id, self._now(), self._lease, self._turn())
        if item is None:
            return False
        self._served_now(item.channel_id)
        await self._handle(item)
        return True

    async def drain(self, limit: int = 1000, *, stop: Callable[[], bool] | None = None) -> int:
        """Deliver until nothing is deliverable (or ``limit`` items, or ``stop()`` says so:
        shutting down, no further claims)."""
        count = 0
        while count < limit and not (stop is not None and stop()) and await self.run_once():
            count += 1
        return count

    async def release(self) -> int:
        """Hand back what this replica claimed but did not finish (at shutdown)."""
        return await self._outbox.release(self.worker_id, self._now())

    async def _handle(self, item: Delivery) -> None:
        workspace: str | None = None
        try:
            outcome = Outcome()
            if item.kind.direct:
                workspace = item.workspace_id
                outcome = await self._direct(item)
            elif item.kind is DeliveryKind.UNFURL:
                workspace = item.workspace_id
                outcome = await self._unfurl(item)
            else:
                sub = await self._subs.get(item.subscription_id or 0)
                if sub is not None:
                    workspace = sub.workspace_id
                    poster = await self._posters.for_workspace(sub.workspace_id)
                    outcome = await self._deliver(item, sub, poster)
        except PostFailed as failure:
            if workspace is not None and failure.retry_after is not None:
                self.pacing.rate_limited(workspace, item.channel_id, failure.retry_after)
            await self._failed(item, failure)
            return
        if workspace is not None and outcome.ts:
            self.pacing.posted(workspace, item.channel_id)
        if await self._complete(item, outcome):
            self.delivered += 1
            if self._metrics is not None and outcome.ts:
                self._metrics.delivered(item.kind.value)
        else:
            log.warning("delivery %s was taken over by another replica", item.id)

    async def _complete(self, item: Delivery, outcome: Outcome) -> bool:
        """Mark done with the card posted or the summary's time, together; False if the
        lease was lost meanwhile (another replica then owns the delivery)."""
        async with self._uow.begin() as tx:
            if not await tx.complete(item, ts=outcome.ts, now=self._now()):
                return False
            if outcome.card_ts:
                await tx.remember_card(item, outcome.card_ts)
            if outcome.summary_at is not None and item.subscription_id is not None:
                await tx.mark_summarised(item.subscription_id, outcome.summary_at)
            if outcome.thread_ts:
                await tx.keep_thread(item, outcome.thread_ts)
            return True

    async def _failed(self, item: Delivery, failure: PostFailed) -> None:
        now = self._now()
        pause_dm = (
            item.kind.direct
            and failure.retry_after is None
            and (failure.error in DM_REFUSALS or failure.pause or item.attempts >= MAX_ATTEMPTS)
        )
        if self._metrics is not None:
            action = (
                "paused"
                if failure.pause or pause_dm
                else "rate_limited"
                if failure.retry_after is not None
                else "gave_up"
                if item.attempts >= MAX_ATTEMPTS
                else "retry"
            )
            self._metrics.delivery_failed(item.kind.value, action)
        if pause_dm:
            await self._pause_watches(item, failure)
        elif failure.pause and item.subscription_id is not None:
            log.warning(
                "pausing subscription %s: Slack said %s", item.subscription_id, failure.error
            )
            async with self._uow.begin() as tx:
                await tx.pause_subscription(item.subscription_id, failure.error)
        elif failure.retry_after is not None:
            # Slack refused this channel's post: the channel (``Pacing``) and this item wait
            # Retry-After; other channels go on.
            await self._outbox.retry(
                item, not_before=now + timedelta(seconds=failure.retry_after), error=failure.error
            )
        elif item.attempts >= MAX_ATTEMPTS:
            log.error(
                "giving up delivery %s after %d attempts: %s", item.id, item.attempts, failure.error
            )
            await self._outbox.give_up(item, error=failure.error)
        else:
            if item.attempts == 1:
                log.warning(
                    "delivery %s failed (%s); retrying with backoff", item.id, failure.error
                )
            backoff = min(MAX_BACKOFF_SECONDS, 2.0**item.attempts)
            if failure.uncertain:  # let a post that timed out land before looking for it
                backoff = max(backoff, SETTLE_SECONDS)
            await self._outbox.retry(
                item, not_before=now + timedelta(seconds=backoff), error=failure.error
            )

    async def _pause_watches(self, item: Delivery, failure: PostFailed) -> None:
        """Slack refuses this person direct messages (or a post failed for good): their
        watches pause with the reason; nothing is retried forever."""
        workspace, user = item.workspace_id or "", item.user_id or ""
        log.warning("pausing the watches of %s: Slack said %s", user, failure.error)
        await self._outbox.give_up(item, error=failure.error)
        async with self._uow.begin() as tx:
            await tx.pause_watches(workspace, user, failure.error)

    async def _post_once(
        self,
        poster: SlackPoster,
        item: Delivery,
        message: Message,
        thread_ts: str | None = None,
        *,
        channel: str | None = None,
        card: tuple[str, EntityMetadata] | None = None,
    ) -> str:
        """Post, unless an earlier claim of this delivery already did (after a crash).
        ``card``: a card's workspace and its task entity (a Work Object where Slack takes it)."""
        channel = channel or item.channel_id
        if item.attempts > 1:
            found = await poster.find(channel, key=item.dedupe_key, thread_ts=thread_ts)
            if found:
                log.info("delivery %s was already posted as %s", item.id, found)
                return found
        if card is not None and self._work_objects is not None:
            workspace, entity = card
            return await self._work_objects.post(
                poster, workspace, channel, message, key=item.dedupe_key, entity=entity
            )
        return await poster.post(channel, message, key=item.dedupe_key, thread_ts=thread_ts)

    async def _card_entity(
        self, poster: SlackPoster, workspace: str, channel: str, task: Task
    ) -> tuple[str, EntityMetadata] | None:
        """The task entity a card in ``channel`` carries (with its workspace), or None: no
        PUBLIC_URL, or the workspace refused Work Objects."""
        cards = self._work_objects
        if cards is None:
            return None
        stored, facts = None, None
        try:
            async with self._reads(workspace) as view:  # what this replica knows, no I/O
                memory = view.memory.peek()
                stored = None if memory is None else memory.get(task.task_id)
                facts = cards.facts(task, stored, view.source)
        except NotConnected:
            facts = cards.facts(task, None, None)
        if facts is None:
            return None
        entity = await cards.entity(workspace, poster.client, channel, facts, self._lang)
        return None if entity is None else (workspace, entity)

    async def _may_see(self, poster: SlackPoster, workspace: str, user: str) -> None:
        """Raise unless the watcher may still see tasks: one removed from VIEWERS (or a guest)
        has their watches paused; an account Slack could not check is tried again later."""
        if self._viewers is None:
            return
        refusal = await self._viewers.refusal(poster.client, workspace, user)
        if refusal is AccessRefusal.UNKNOWN_USER:
            raise PostFailed("user_unknown")
        if refusal is not None:
            raise PostFailed(refusal.name.lower(), pause=True)

    async def _reader_lang(self, poster: SlackPoster, workspace: str, user: str) -> str:
        """A direct message's language: its reader's Slack language (READER_LANGUAGE=person;
        the lookup ``_may_see`` cached), else BOT_LANGUAGE."""
        if not self._personal_lang or self._viewers is None:
            return self._lang
        locale = await self._viewers.locale(poster.client, workspace, user)
        return language_of(locale) if locale else self._lang

    async def _direct(self, item: Delivery) -> Outcome:
        """A direct message to a watcher (conversations.open, then a post in the IM; in the
        thread of the first one about the task). Nothing when the watch is gone or paused."""
        if self._watches is None or not (item.workspace_id and item.user_id and item.task_id):
            return Outcome()
        watch = await self._watches.get(item.workspace_id, item.user_id, item.task_id)
        if watch is None or watch.state is not WatchState.ACTIVE:
            return Outcome()
        poster = await self._posters.for_workspace(item.workspace_id)
        await self._may_see(poster, item.workspace_id, item.user_id)
        channel = await poster.open_dm(item.user_id)
        memory = memory_from_payload(item.payload["memory"])
        lang = await self._reader_lang(poster, item.workspace_id, item.user_id)
        link = self._link(memory.task_id)
        if item.kind is DeliveryKind.WATCH_READY:
            message = render_watch_ready(memory, lang=lang, link=link)
        elif item.kind is DeliveryKind.WATCH_GONE:
            message = render_watch_gone(memory, lang=lang)
        else:
            message = render_watch_expiring(memory, now=self._now(), lang=lang, link=link)
        thread = watch.thread_ts
        ts = await self._post_once(poster, item, message, thread, channel=channel)
        return Outcome(ts=ts, thread_ts=None if thread else ts)

    async def _unfurl(self, item: Delivery) -> Outcome:
        """A posted task link unfurled again with its task's new status (paced as a post);
        nothing where the workspace now refuses Work Objects, or Slack refuses this unfurl
        (the message or the channel gone): only a 429 or no answer is tried again."""
        if self._refresher is None or not item.workspace_id:
            return Outcome()
        data = item.payload
        link = Tracked(
            link_id=int(data["link"]),
            workspace=item.workspace_id,
            channel=item.channel_id,
            ts=str(data["ts"]),
            posted=str(data["url"]),
            full=bool(data["full"]),
            cameras=data.get("cameras"),  # None in a payload enqueued before it was kept
        )
        task = task_from_payload(data["task"])
        memory = memory_from_payload(data["memory"])
        poster = await self._posters.for_workspace(item.workspace_id)
        try:
            sent = await self._refresher.refresh(poster.client, link, task, memory)
        except SLACK_CALL_FAILURES as error:
            failure = post_failure(error)
            if failure.retry_after is not None or failure.uncertain:
                raise failure from error
            log.info("task link not unfurled again: Slack said %s", failure.error)
            return Outcome()
        return Outcome(ts=link.ts) if sent else Outcome()

    async def _deliver(self, item: Delivery, sub: Subscription, poster: SlackPoster) -> Outcome:
        if item.kind is DeliveryKind.SUMMARY:
            return await self._summary(item, sub, poster)
        if item.kind is DeliveryKind.CARD:
            task = task_from_payload(item.payload["task"])
            message = render_task_notification(
                task, NotifyEvent.APPEARED, lang=self._lang, link=self._link(task.task_id)
            )
            card = await self._card_entity(poster, sub.workspace_id, item.channel_id, task)
            ts = await self._post_once(poster, item, message, card=card)
            return Outcome(ts=ts, card_ts=ts)
        if item.kind is DeliveryKind.STATUS:
            return await self._status(item, sub, poster)
        return await self._gone(item, poster)

    async def _summary(self, item: Delivery, sub: Subscription, poster: SlackPoster) -> Outcome:
        """A summary (or weekly report) of the subscription's workspace's own account; none
        while the workspace has no account (its subscriptions are paused on Disconnect)."""
        try:
            async with self._reads(sub.workspace_id) as view:
                return await self._summary_of(view, item, sub, poster)
        except NotConnected:
            log.warning(
                "summary %s skipped: workspace %s has no IVC account", item.id, sub.workspace_id
            )
            return Outcome(summary_at=self._now())

    async def _summary_of(
        self, view: AccountView, item: Delivery, sub: Subscription, poster: SlackPoster
    ) -> Outcome:
        schedule = subscription_schedule(sub)
        if schedule is not None and schedule.kind is ScheduleKind.WEEKLY:
            return await self._weekly_report(view, item, sub, poster)
        now = self._now()
        try:
            snapshot = await view.source.list()
        except IvcError as error:
            message = render_error(error, self._lang)
        else:
            memory = view.memory.peek()  # kept current by this replica's poller
            if memory is None:
                memory = await view.memory.load()
            since = sub.last_summary_at
            message = status_report(snapshot, memory, now=now, since=since, lang=self._lang)
        return Outcome(ts=await self._post_once(poster, item, message), summary_at=now)

    async def _weekly_report(
        self, view: AccountView, item: Delivery, sub: Subscription, poster: SlackPoster
    ) -> Outcome:
        """The last 7 days' report in the subscription's zone: charts where the workspace
        takes them, else (after one refusal of charts, remembered) the classic lines."""
        now, ts = self._now(), ""

        async def render(rendering: Rendering) -> Message:
            try:
                snapshot = await view.source.list()
            except IvcError as error:
                return render_error(error, self._lang, rendering)
            history = self._history
            events = (
                []
                if history is None
                else await history.events(workspace_id=sub.workspace_id, account=view.account)
            )
            listed = {task.task_id for task in snapshot.tasks}
            zone = sub.timezone or "UTC"
            report = build_report(events, now=now, days=7, zone=zone, listed=listed)
            return render_report(report, now=now, lang=self._lang, rendering=rendering)

        async def send(message: Message) -> BlockRefusal | None:
            nonlocal ts
            try:
                ts = await self._post_once(poster, item, message)
            except PostFailed as failure:
                refusal = refusal_in(failure.answer)
                if refusal is None:
                    raise
                return refusal
            return None

        await send_with_fallback(self._renderings, sub.workspace_id, render, send)
        return Outcome(ts=ts, summary_at=now)

    async def _status(self, item: Delivery, sub: Subscription, poster: SlackPoster) -> Outcome:
        task = task_from_payload(item.payload["task"])
        to_status = int(item.payload["to"])
        event = event_of_status(to_status) or NotifyEvent.APPEARED
        card = await self._cards.ts_of(item.subscription_id or 0, item.task_id or "")
        card_message = render_task_notification(
            task, event, lang=self._lang, link=self._link(task.task_id)
        )
        if card is None and not item.payload.get("wanted"):
            return Outcome()
        entity = await self._card_entity(poster, sub.workspace_id, item.channel_id, task)
        if card is None:
            ts = await self._post_once(poster, item, card_message, card=entity)
            return Outcome(ts=ts, card_ts=ts)
        if entity is not None and self._work_objects is not None:
            key = card_key(sub.id, task.task_id)  # the card's own key stays in its metadata
            await self._work_objects.update(
                poster, entity[0], item.channel_id, card, card_message, key=key, entity=entity[1]
            )
        else:
            await poster.update(item.channel_id, card, card_message)
        reply = render_status_reply(task, item.payload.get("from"), to_status, lang=self._lang)
        return Outcome(ts=await self._post_once(poster, item, reply, thread_ts=card))

    async def _gone(self, item: Delivery, poster: SlackPoster) -> Outcome:
        card = await self._cards.ts_of(item.subscription_id or 0, item.task_id or "")
        if card is None:
            return Outcome()
        memory = memory_from_payload(item.payload["memory"])
        await poster.update(item.channel_id, card, render_gone(memory, lang=self._lang))
        return Outcome(ts=card)
