"""Finding 11: another app cannot suppress a retried post by copying its metadata key. The
look-before-repost check counts only this app's own messages (bot_id/app_id of auth.test)."""

from bot.slack.poster import EVENT_TYPE
from bot.worker.dedupe_keys import card_key
from tests.support.replicas import replicas
from tests.worker.conftest import subscribe
from tests.worker.test_notifications import TASK_ID, cards, record, step

CHANNEL = "C0SHAREDAPPS"


async def test_a_copied_key_from_another_app_does_not_count_as_posted(
    service, sim, fake_slack, database_url
):
    sim.sim.set_tasks([])
    sub = await subscribe(service, "subscribe notify", channel=CHANNEL)
    key = card_key(sub.id, TASK_ID)
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)  # baseline
        sim.sim.set_tasks([record()])
        fake_slack.fail_next("chat.postMessage", status=500)
        await step(group, sim)  # the card's first attempt fails: the retry looks first
        assert cards(fake_slack, CHANNEL) == []
        fake_slack.add_message(
            CHANNEL,
            text="not the card",
            bot_id="B0OTHERAPP",
            app_id="A0OTHERAPP",
            metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}},
        )
        await step(group, sim)
        await step(group, sim)
    ours = [m for m in cards(fake_slack, CHANNEL) if m.get("bot_id") == fake_slack.bot_id]
    assert [m["metadata"]["event_payload"]["key"] for m in ours] == [key]
    assert TASK_ID in str(ours[0]["blocks"])
    assert len(fake_slack.calls("auth.test")) == 1, "the app's identity is asked once"
