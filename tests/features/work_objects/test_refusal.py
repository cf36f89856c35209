"""A workspace that refuses Work Objects (``feature_not_enabled``) gets a classic unfurl of
blocks instead, and the app remembers it for that workspace (no entity tried again)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.store.block_kit import RenderingStore
from tests.support.app_fixtures import baseline_records, check_payload
from tests.support.in_process import InProcess, start_in_process
from tests.support.work_objects import (
    PUBLIC_URL,
    entity_details_requested,
    link_shared,
    task_link,
)

RETRIEVED = next(r for r in baseline_records() if r["Status"] == 0)


@pytest.fixture
def wire(tmp_path) -> Iterator[InProcess]:
    with start_in_process(tmp_path, PUBLIC_URL=PUBLIC_URL, CACHE_TTL_SECONDS="600") as wire:
        yield wire


def test_a_refusal_falls_back_to_blocks_and_is_remembered(wire):
    wire.fake.refuse_work_objects("chat.unfurl")
    link = task_link(RETRIEVED["TaskId"])

    assert wire.event(link_shared(link)).status_code == 200
    [classic] = wire.fake.wait_for_sync(lambda: wire.fake.unfurls(), timeout=10)

    refused = [c for c in wire.fake.calls("chat.unfurl") if not c.ok]
    assert [c.response["error"] for c in refused] == ["feature_not_enabled"]
    assert "metadata" not in classic
    [card] = classic["unfurls"][link]["blocks"]
    check_payload({"text": "task", "blocks": [card]})
    assert RETRIEVED["TaskId"] in str(card)

    assert wire.event(link_shared(link, message_ts="1700000001.000100")).status_code == 200
    wire.fake.wait_for_sync(lambda: len(wire.fake.unfurls()) == 2, timeout=10)

    tried = [c for c in wire.fake.calls("chat.unfurl") if "metadata" in c.params]
    assert len(tried) == 1, "the workspace's refusal is remembered"
    stored = wire.app.call(RenderingStore(wire.runtime.db).get("T0001"))
    assert "work_objects" in stored.refused


def test_a_refused_flexpane_is_remembered_and_unfurls_fall_back(wire):
    wire.fake.refuse_work_objects("entity.presentDetails")

    assert wire.event(entity_details_requested(RETRIEVED["TaskId"])).status_code == 200
    wire.fake.wait_for_sync(
        lambda: [c for c in wire.fake.calls("entity.presentDetails") if not c.ok], timeout=10
    )
    assert wire.event(link_shared(task_link(RETRIEVED["TaskId"]))).status_code == 200
    [unfurl] = wire.fake.wait_for_sync(wire.fake.unfurls, timeout=10)

    assert "metadata" not in unfurl and unfurl["unfurls"]
    assert wire.fake.presented() == []


def test_a_refused_public_show_posts_todays_answer_and_the_next_goes_as_before(wire):
    wire.fake.refuse_message_entities("feature_not_enabled")
    task_id = RETRIEVED["TaskId"]

    first = wire.command(f"show {task_id} public", channel_id="C0001")
    [posted] = wire.fake.wait_for_sync(lambda: wire.fake.messages("C0001"), timeout=10)

    assert first.ack is None
    assert "entities" not in posted["metadata"], "today's answer, posted once"
    assert task_id in str(posted["blocks"])
    second = wire.command(f"show {task_id} public", channel_id="C0001")
    assert task_id in str(second.answer()["blocks"])
    with_entities = [c for c in wire.fake.calls("chat.postMessage") if "entities" in str(c.params)]
    assert len(with_entities) == 1, "the workspace's refusal is remembered"
    assert len(wire.fake.messages("C0001")) == 1
