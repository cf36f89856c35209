"""The fake Slack's Work Object methods: ``chat.unfurl`` (recording the entity metadata) and
``entity.presentDetails``, each checked as Slack's reference states, and refused with
``feature_not_enabled`` when told."""

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.models.metadata import (
    EntityAttributes,
    EntityMetadata,
    EntityPayload,
    EntityTitle,
    EventAndEntityMetadata,
    ExternalRef,
)

TASK = "slack#/entities/task"


def entity(app_unfurl_url: str | None = "https://t.example.com/tasks/a?x") -> EntityMetadata:
    return EntityMetadata(
        entity_type=TASK,
        entity_payload=EntityPayload(attributes=EntityAttributes(title=EntityTitle(text="gate"))),
        external_ref=ExternalRef(id="a"),
        url="https://t.example.com/tasks/a",
        app_unfurl_url=app_unfurl_url,
    )


async def test_unfurl_records_the_entities(fake_slack, client):
    await client.chat_unfurl(
        channel="C0001", ts="1.2", metadata=EventAndEntityMetadata(entities=[entity()])
    )

    [unfurl] = fake_slack.unfurls()
    assert unfurl["metadata"]["entities"][0]["external_ref"] == {"id": "a"}
    assert unfurl["channel"] == "C0001"


async def test_unfurl_wants_a_target_and_whole_entities(fake_slack, client):
    metadata = EventAndEntityMetadata(entities=[entity()])
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        await client.chat_unfurl(metadata=metadata)
    no_posted_link = EventAndEntityMetadata(entities=[entity(app_unfurl_url=None)])
    with pytest.raises(SlackApiError, match="invalid_metadata"):
        await client.chat_unfurl(channel="C0001", ts="1.2", metadata=no_posted_link)
    untitled = entity()
    untitled.entity_payload = {"attributes": {"title": {"text": " "}}}
    with pytest.raises(SlackApiError, match="invalid_metadata"):
        await client.chat_unfurl(
            unfurl_id="u1", source="composer", metadata=EventAndEntityMetadata(entities=[untitled])
        )
    assert fake_slack.unfurls() == []


async def test_a_refusing_workspace_takes_classic_unfurls_only(fake_slack, client):
    fake_slack.refuse_work_objects()
    with pytest.raises(SlackApiError, match="feature_not_enabled"):
        await client.chat_unfurl(
            channel="C0001", ts="1.2", metadata=EventAndEntityMetadata(entities=[entity()])
        )
    with pytest.raises(SlackApiError, match="feature_not_enabled"):
        await client.entity_presentDetails(trigger_id="t1", metadata=entity(None))

    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "gate"}}]
    await client.chat_unfurl(channel="C0001", ts="1.2", unfurls={"https://x/a": {"blocks": blocks}})
    assert fake_slack.unfurls()[0]["unfurls"]["https://x/a"]["blocks"] == blocks


async def test_present_details_takes_one_answer(fake_slack, client):
    await client.entity_presentDetails(trigger_id="t1", metadata=entity(None))
    await client.entity_presentDetails(
        trigger_id="t2", error={"status": "custom", "custom_message": "no"}
    )
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        await client.entity_presentDetails(trigger_id="t3")
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        await client.entity_presentDetails(trigger_id="", metadata=entity(None))

    first, second = fake_slack.presented()
    assert first["metadata"]["external_ref"] == {"id": "a"}
    assert second["error"]["status"] == "custom"


def with_key(*entities: EntityMetadata) -> EventAndEntityMetadata:
    return EventAndEntityMetadata(
        event_type="delivery", event_payload={"key": "k"}, entities=list(entities)
    )


async def test_a_message_keeps_its_entities_beside_its_event_metadata(fake_slack, client):
    posted = await client.chat_postMessage(
        channel="C0001", text="card", metadata=with_key(entity(app_unfurl_url=None))
    )
    await client.api_call(
        "chat.update",
        json={
            "channel": "C0001",
            "ts": posted["ts"],
            "text": "edited",
            "metadata": with_key(entity(app_unfurl_url=None)).to_dict(),
        },
    )

    [message] = fake_slack.messages("C0001")
    assert message["metadata"]["event_payload"] == {"key": "k"}
    assert message["metadata"]["entities"][0]["external_ref"] == {"id": "a"}
    untitled = entity()
    untitled.entity_payload = {"attributes": {"title": {"text": ""}}}
    with pytest.raises(SlackApiError, match="invalid_metadata"):
        await client.chat_postMessage(channel="C0001", text="card", metadata=with_key(untitled))
    assert len(fake_slack.messages("C0001")) == 1


@pytest.mark.parametrize("error", ["feature_not_enabled", "invalid_metadata"])
async def test_a_refused_message_entity_posts_nothing(fake_slack, client, error):
    fake_slack.refuse_message_entities(error)
    with pytest.raises(SlackApiError, match=error):
        await client.chat_postMessage(channel="C0001", text="card", metadata=with_key(entity()))
    assert fake_slack.messages("C0001") == []
    plain = await client.chat_postMessage(
        channel="C0001", text="card", metadata={"event_type": "delivery", "event_payload": {}}
    )
    assert plain["ok"]


async def test_a_dropped_message_entity_is_taken_with_a_warning(fake_slack, client):
    fake_slack.refuse_message_entities("warning")
    answer = await client.chat_postMessage(
        channel="C0001", text="card", metadata=with_key(entity())
    )

    assert answer["ok"] and "metadata" in answer["warning"]
    [message] = fake_slack.messages("C0001")
    assert message["metadata"] == {"event_type": "delivery", "event_payload": {"key": "k"}}
