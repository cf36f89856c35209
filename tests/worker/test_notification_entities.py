"""Notification cards as Work Objects (PUBLIC_URL set): the task entity beside the card's
key, edited with the card; a workspace refusing it gets today's card, once, remembered."""

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.features.work_objects.entity import TASK_ENTITY
from bot.slack.poster import EVENT_TYPE, SlackPoster
from bot.store.block_kit import RenderingStore
from bot.store.database import Database
from bot.worker.dedupe_keys import card_key
from tests.support.replicas import replicas, tick_all
from tests.support.tasks import sim_record
from tests.support.work_objects import PUBLIC_URL, task_link
from tests.worker.conftest import subscribe

TASK_ID = "c3" * 16
CHANNEL = "C0OBJECTS"


def keyed_cards(fake):
    return [
        m
        for m in fake.messages(CHANNEL)
        if m.get("metadata", {}).get("event_type") == EVENT_TYPE and "thread_ts" not in m
    ]


def entity_posts(fake):
    return [
        c
        for c in fake.calls("chat.postMessage")
        if c.params.get("channel") == CHANNEL and "entities" in (c.params.get("metadata") or {})
    ]


async def step(group, sim):
    sim.clock.advance(61)
    await tick_all(group)


async def announce(service, sim, fake, database_url, *, status=2, public_url=PUBLIC_URL):
    """Subscribe, let a task appear; the subscription."""
    sim.sim.set_tasks([])
    sub = await subscribe(service, "subscribe notify", channel=CHANNEL)
    async with replicas(1, database_url, sim, fake, public_url=public_url) as group:
        await step(group, sim)
        sim.sim.set_tasks([sim_record(TASK_ID, status, "前门_0312")])
        await step(group, sim)
    return sub


async def test_a_card_carries_the_task_entity_beside_its_key_and_is_found_after_a_restart(
    service, sim, fake_slack, database_url
):
    sub = await announce(service, sim, fake_slack, database_url)
    [card] = keyed_cards(fake_slack)
    metadata = card["metadata"]
    assert metadata["event_payload"] == {"key": card_key(sub.id, TASK_ID)}
    [entity] = metadata["entities"]
    assert entity["entity_type"] == TASK_ENTITY
    assert entity["external_ref"]["id"] == TASK_ID
    assert entity["url"] == task_link(TASK_ID)
    assert entity["entity_payload"]["fields"]["status"]["value"] == "Pending"
    assert "custom_fields" in entity["entity_payload"], "a channel of the workspace: every field"
    client = AsyncWebClient(token=fake_slack.bot_token, base_url=fake_slack.api_base_url)
    found = await SlackPoster(client).find(CHANNEL, key=card_key(sub.id, TASK_ID))
    assert found == card["ts"], "a retry after a crash finds the card by its key"
    posted = len(fake_slack.calls("chat.postMessage"))
    async with replicas(1, database_url, sim, fake_slack, public_url=PUBLIC_URL) as again:
        await step(again, sim)
        await step(again, sim)
    assert len(fake_slack.calls("chat.postMessage")) == posted, "nothing posted after restart"


async def test_a_status_change_edits_the_entity_and_keeps_the_card_key(
    service, sim, fake_slack, database_url
):
    sub = await announce(service, sim, fake_slack, database_url)
    async with replicas(1, database_url, sim, fake_slack, public_url=PUBLIC_URL) as group:
        sim.sim.set_tasks([sim_record(TASK_ID, 0, "前门_0312")])
        await step(group, sim)
    [card] = keyed_cards(fake_slack)
    assert card["edited"]
    assert card["metadata"]["event_payload"] == {"key": card_key(sub.id, TASK_ID)}
    [entity] = card["metadata"]["entities"]
    assert entity["entity_payload"]["fields"]["status"]["value"] == "Retrieved"


async def test_a_channel_shared_with_another_organisation_gets_name_and_status_only(
    service, sim, fake_slack, database_url
):
    fake_slack.set_channel(CHANNEL, is_ext_shared=True)
    await announce(service, sim, fake_slack, database_url)
    [card] = keyed_cards(fake_slack)
    [entity] = card["metadata"]["entities"]
    payload = entity["entity_payload"]
    assert payload["display_order"] == ["status"]
    assert "custom_fields" not in payload
    assert "description" not in payload["fields"]


async def test_without_public_url_cards_are_as_today(service, sim, fake_slack, database_url):
    await announce(service, sim, fake_slack, database_url, public_url=None)
    [card] = keyed_cards(fake_slack)
    assert "entities" not in card["metadata"]


@pytest.mark.parametrize("how", ["feature_not_enabled", "invalid_metadata", "warning"])
async def test_a_refused_entity_leaves_todays_card_once_and_is_remembered(
    service, sim, fake_slack, database_url, how
):
    fake_slack.refuse_message_entities(how)
    sub = await announce(service, sim, fake_slack, database_url)
    [card] = keyed_cards(fake_slack)  # exactly one card, whatever the refusal
    assert card["metadata"] == {
        "event_type": EVENT_TYPE,
        "event_payload": {"key": card_key(sub.id, TASK_ID)},
    }
    assert len(entity_posts(fake_slack)) == 1, "the entity was offered once"
    db = await Database.open(database_url)
    try:
        remembered = await RenderingStore(db).get(sub.workspace_id)
    finally:
        await db.aclose()
    assert "work_objects" in remembered.refused
    async with replicas(1, database_url, sim, fake_slack, public_url=PUBLIC_URL) as group:
        sim.sim.set_tasks([sim_record(TASK_ID, 0, "前门_0312"), sim_record("d4" * 16, 2, "x")])
        await step(group, sim)
        await step(group, sim)
    assert len(entity_posts(fake_slack)) == 1, "after the refusal, no entity is offered again"
    updates = [c for c in fake_slack.calls("chat.update") if c.params.get("channel") == CHANNEL]
    assert updates and all("metadata" not in c.params for c in updates)
    assert len(keyed_cards(fake_slack)) == 2, "the new task's card, without an entity"
    assert all("entities" not in m["metadata"] for m in keyed_cards(fake_slack))
