"""Finding 9: the outbox does not grow forever. The worker removes finished deliveries older
than OUTBOX_RETENTION_DAYS, and the cards of tasks the task memory forgets go with them; task
history goes after HISTORY_RETENTION_DAYS, and audit entries after AUDIT_RETENTION_DAYS."""

from datetime import UTC, datetime, timedelta

from bot.store.audit import AuditEntry, AuditStore
from bot.store.cards import CardStore
from bot.store.outbox import Outbox
from bot.store.task_history import TaskHistoryStore
from tests.support.replicas import replicas
from tests.worker.conftest import subscribe
from tests.worker.test_notifications import cards, record, step

DAY = 24 * 3600.0
OLD, NEW = "0a" * 16, "0b" * 16


async def test_finished_deliveries_and_forgotten_cards_are_removed(
    service, sim, fake_slack, database_url
):
    sim.sim.set_tasks([record(OLD)])
    sub = await subscribe(service, "subscribe notify", channel="C0KEEP")
    async with replicas(1, database_url, sim, fake_slack) as group:
        [replica] = group
        outbox, card_store = Outbox(replica.db), CardStore(replica.db)
        await step(group, sim)  # baseline
        sim.sim.set_tasks([record(OLD), record(NEW)])
        await step(group, sim)  # NEW appears: its card is posted
        assert len(cards(fake_slack, "C0KEEP")) == 1
        assert (await outbox.counts()).get("done") == 1
        assert await card_store.ts_of(sub.id, NEW) is not None

        await step(group, sim, seconds=13 * DAY)
        assert (await outbox.counts()).get("done") == 1, "kept within the retention"
        await step(group, sim, seconds=2 * DAY)
        assert await outbox.counts() == {}, "removed once older than 14 days"
        assert await card_store.ts_of(sub.id, NEW) is not None, "the task is still listed"

        sim.sim.set_tasks([record(OLD)])  # NEW is gone: its card is marked so
        await step(group, sim)
        assert await card_store.ts_of(sub.id, NEW) is not None, "a gone task keeps its card"
        await step(group, sim, seconds=31 * DAY)  # the task memory forgets NEW
        assert await card_store.ts_of(sub.id, NEW) is None
    assert len(fake_slack.calls("chat.update")) == 1, "the gone card was edited once"


async def test_task_history_older_than_its_retention_is_removed(sim, fake_slack, database_url):
    sim.sim.set_tasks([record(OLD)])
    async with replicas(1, database_url, sim, fake_slack) as group:
        history = TaskHistoryStore(group[0].db)
        await step(group, sim)  # baseline: OLD first seen
        assert len(await history.events()) == 1
        await step(group, sim, seconds=89 * DAY)
        assert len(await history.events()) == 1, "kept within HISTORY_RETENTION_DAYS (90)"
        await step(group, sim, seconds=2 * DAY)
        assert await history.events() == []


async def test_audit_entries_older_than_their_retention_are_removed(sim, fake_slack, database_url):
    def entry(age_days: float, task_id: str) -> AuditEntry:
        at = datetime.fromtimestamp(sim.clock(), UTC) - timedelta(days=age_days)
        return AuditEntry("T0001", "U0001", at, "delete", {}, "deleted", task_id=task_id)

    async with replicas(1, database_url, sim, fake_slack) as group:
        audit = AuditStore(group[0].db)
        await audit.add(entry(366, OLD))
        await audit.add(entry(364, NEW))
        await step(group, sim)
        kept = await audit.since(datetime(2000, 1, 1, tzinfo=UTC))
        assert [e.task_id for e in kept] == [NEW], "kept within AUDIT_RETENTION_DAYS (365)"
        await step(group, sim, seconds=2 * DAY)
        assert await audit.since(datetime(2000, 1, 1, tzinfo=UTC)) == []
