"""A task link posted in Slack is unfurled as a task entity (``chat.unfurl`` with
``metadata``): every field where the whole channel may see tasks, else the name and status
alone; a workspace that refuses Work Objects gets a classic unfurl, remembered."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from bot.store.task_memory import SHARED_MEMORY
from bot.store.unfurled_links import UnfurledLinkStore
from bot.views.task_menu import MENU_ACTIONS, parse_choice
from tests.support.app_fixtures import baseline_records
from tests.support.in_process import InProcess, start_in_process
from tests.support.polling import wait_until
from tests.support.work_objects import (
    PUBLIC_URL,
    app_session,
    entity_of,
    events_envelope,
    link_shared,
    task_link,
)

RETRIEVED = next(r for r in baseline_records() if r["Status"] == 0)
PENDING = next(r for r in baseline_records() if r["Status"] == 2)


wire_session = app_session("work-objects", BOT_TIMEZONE="Asia/Shanghai")


def next_unfurl(wire: InProcess, seen: int) -> dict[str, Any]:
    """The first ``chat.unfurl`` after the ``seen`` ones."""
    return wire.fake.wait_for_sync(lambda: next(iter(wire.fake.unfurls()[seen:]), None), timeout=10)


def post(wire: InProcess, event: dict[str, Any]) -> dict[str, Any]:
    seen = len(wire.fake.unfurls())
    assert wire.event(event).status_code == 200
    return next_unfurl(wire, seen)


def test_a_posted_link_unfurls_as_the_task_entity(wire):
    link = task_link(RETRIEVED["TaskId"]) + "?from=mail"

    unfurl = post(wire, link_shared(link))

    assert (unfurl["channel"], unfurl["ts"]) == ("C0001", "1700000000.000100")
    entity = entity_of(unfurl)
    assert entity["entity_type"] == "slack#/entities/task"
    assert entity["url"] == task_link(RETRIEVED["TaskId"])
    assert entity["app_unfurl_url"] == link
    assert entity["external_ref"]["id"] == RETRIEVED["TaskId"]
    payload = entity["entity_payload"]
    assert payload["attributes"]["title"]["text"] == RETRIEVED["TaskName"]
    fields = payload["fields"]
    assert fields["status"]["value"] == "Retrieved"
    assert "(Asia/Shanghai)" in fields["description"]["value"]
    assert re.search(r" · (1 camera|\d+ cameras)$", fields["description"]["value"])
    custom = {f["key"]: f for f in payload["custom_fields"]}
    assert custom["task_id"]["value"] == RETRIEVED["TaskId"]
    assert custom["days_kept"] == {
        "key": "days_kept",
        "label": "Days kept",
        "type": "integer",
        "value": RETRIEVED["Expiration"],
    }
    assert custom["size"]["type"] == "string"
    assert set(payload["display_order"]) <= {*fields, *custom}
    [show] = payload["actions"]["primary_actions"]
    assert MENU_ACTIONS.match(show["action_id"])
    assert parse_choice(show["value"]) == ("show", RETRIEVED["TaskId"])


def test_only_listed_tasks_of_this_app_are_unfurled(wire):
    unlisted = task_link("0" * 32)
    foreign = f"https://elsewhere.example.com/tasks/{PENDING['TaskId']}"

    unfurl = post(wire, link_shared(unlisted, foreign, task_link(PENDING["TaskId"])))

    assert [e["external_ref"]["id"] for e in unfurl["metadata"]["entities"]] == [PENDING["TaskId"]]
    assert entity_of(unfurl)["entity_payload"]["fields"]["status"]["value"] == "Pending"


def test_a_channel_shared_with_another_organisation_sees_name_and_status_only(wire):
    wire.fake.set_channel("C0SHARED", is_ext_shared=True)
    envelope = events_envelope(link_shared(task_link(RETRIEVED["TaskId"]), channel="C0SHARED"))
    seen = len(wire.fake.unfurls())

    assert wire.envelope(envelope).status_code == 200
    shared = entity_of(next_unfurl(wire, seen))

    flagged = {
        **events_envelope(link_shared(task_link(RETRIEVED["TaskId"]))),
        "is_ext_shared_channel": True,
    }
    assert wire.envelope(flagged).status_code == 200
    flagged_entity = entity_of(next_unfurl(wire, seen + 1))
    for entity in (shared, flagged_entity):
        payload = entity["entity_payload"]
        assert set(payload["fields"]) == {"status"}
        assert "custom_fields" not in payload
        assert payload["display_order"] == ["status"]
        assert payload["attributes"]["title"]["text"] == RETRIEVED["TaskName"]


def test_a_task_name_never_pings(wire):
    records = baseline_records()
    records[0] = {**records[0], "TaskName": "<!channel> <@U0BOSS> gate"}
    wire.reset(records)

    unfurl = post(wire, link_shared(task_link(records[0]["TaskId"])))

    title = entity_of(unfurl)["entity_payload"]["attributes"]["title"]["text"]
    assert "<" not in title and not re.search(r"@U0BOSS\b", title)


def test_a_link_typed_in_the_composer_is_unfurled_by_its_unfurl_id(wire):
    event = link_shared(task_link(RETRIEVED["TaskId"]), source="composer")

    unfurl = post(wire, event)

    assert (unfurl["unfurl_id"], unfurl["source"]) == (event["unfurl_id"], "composer")
    assert "ts" not in unfurl


def test_a_person_who_may_not_see_tasks_gets_no_unfurl(wire):
    wire.fake.set_user("U0GUEST", is_restricted=True)
    seen = len(wire.fake.unfurls())

    assert (
        wire.event(link_shared(task_link(RETRIEVED["TaskId"]), user="U0GUEST")).status_code == 200
    )
    after = post(wire, link_shared(task_link(PENDING["TaskId"])))  # the next one is answered

    assert len(wire.fake.unfurls()) == seen + 1
    assert entity_of(after)["external_ref"]["id"] == PENDING["TaskId"]
    assert "refused user U0GUEST" in wire.app.output()


def test_the_page_of_a_link_says_what_it_is_and_shows_no_task(wire):
    page = wire.get(f"/tasks/{RETRIEVED['TaskId']}")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "set-cookie" not in page.headers
    assert "Slack" in page.text
    assert RETRIEVED["TaskName"] not in page.text and RETRIEVED["TaskId"] not in page.text
    assert wire.get("/tasks/<script>").status_code == 404


def test_show_gives_the_task_link_to_copy(wire):
    answer = wire.ask(f"show {RETRIEVED['TaskId']}")

    [line] = [b for b in answer["blocks"] if b.get("block_id") == "task_link"]
    assert line["elements"][0]["text"] == f":link: {task_link(RETRIEVED['TaskId'])}"


def test_without_public_url_no_page_and_one_line_at_start_up(tmp_path):
    # an app of its own: a shared one's log also holds every app started in this process since
    with start_in_process(tmp_path) as app:
        lines = app.app.output().count("PUBLIC_URL is not set")
        answer = app.ask(f"show {RETRIEVED['TaskId']}")
        assert "task_link" not in str(answer)
        assert app.get("/tasks/abc").status_code == 404
    assert lines == 1


def test_the_unfurl_speaks_the_channels_language_whatever_the_poster_reads(wire):
    wire.fake.set_user("U0ZH", locale="zh-CN")

    unfurl = post(wire, link_shared(task_link(RETRIEVED["TaskId"]), user="U0ZH"))

    payload = entity_of(unfurl)["entity_payload"]
    assert payload["fields"]["status"]["value"] == "Retrieved", "BOT_LANGUAGE, not the poster's"


def tracked_channels(wire: InProcess, task_id: str) -> list[tuple[str, str, bool, int]]:
    """Where the app remembers having unfurled ``task_id``: (channel, ts, full, status)."""
    store = UnfurledLinkStore(wire.runtime.db)
    rows = wire.app.call(store.of_tasks(SHARED_MEMORY, [task_id], datetime(2000, 1, 1, tzinfo=UTC)))
    return [(r.channel_id, r.message_ts, r.full, r.status) for r in rows]


def tracked_cameras(wire: InProcess, task_id: str, channel: str) -> list[int | None]:
    """The camera counts the app remembers its unfurls of ``task_id`` in ``channel`` showed."""
    store = UnfurledLinkStore(wire.runtime.db)
    rows = wire.app.call(store.of_tasks(SHARED_MEMORY, [task_id], datetime(2000, 1, 1, tzinfo=UTC)))
    return [r.cameras for r in rows if r.channel_id == channel]


def shown_cameras(unfurl: dict[str, Any]) -> int:
    """The camera count an unfurl's entity shows."""
    description = entity_of(unfurl)["entity_payload"]["fields"]["description"]["value"]
    found = re.search(r" · (\d+) cameras?$", description)
    assert found is not None, description
    return int(found.group(1))


def test_a_posted_link_is_remembered_to_follow_its_task_and_a_composer_link_is_not(wire):
    task_id = PENDING["TaskId"]
    composer = link_shared(task_link(task_id), source="composer")
    post(wire, composer)
    unfurl = post(
        wire, link_shared(task_link(task_id), channel="C0TRACK", message_ts="1700000001.000200")
    )

    def here() -> list[tuple[str, str, bool, int]]:
        return [t for t in tracked_channels(wire, task_id) if t[0] == "C0TRACK"]

    wait_until(here, "the posted link remembered", 10)
    assert here() == [("C0TRACK", "1700000001.000200", True, 2)]
    assert tracked_cameras(wire, task_id, "C0TRACK") == [shown_cameras(unfurl)]
    composed = (composer["channel"], composer["message_ts"], "")
    assert not [t for t in tracked_channels(wire, task_id) if t[0] in composed or t[1] in composed]


def test_a_posted_link_is_unfurled_again_once_when_its_task_changes_status(tmp_path):
    """End to end through the running app: the link's unfurl, the task retrieved in IVC,
    the app's own poll, and one more ``chat.unfurl`` of the same message with the new status."""
    task_id = PENDING["TaskId"]
    channel, ts = "C0FOLLOW", "1700000002.000300"
    with start_in_process(tmp_path, PUBLIC_URL=PUBLIC_URL, CACHE_TTL_SECONDS="600") as wire:
        first = post(wire, link_shared(task_link(task_id), channel=channel, message_ts=ts))
        assert entity_of(first)["entity_payload"]["fields"]["status"]["value"] == "Pending"
        wait_until(lambda: tracked_channels(wire, task_id), "the link remembered", 10)

        wire.sim.set_task_status(task_id, 0)
        wire.reload()  # the app's cache, which its poll reads, holds the change
        poll_now(wire)

        def of_message() -> list[dict[str, Any]]:
            return [
                u for u in wire.fake.unfurls() if (u.get("channel"), u.get("ts")) == (channel, ts)
            ]

        wire.fake.wait_for_sync(lambda: len(of_message()) >= 2 or None, timeout=30)
        again = entity_of(of_message()[1])
        assert again["external_ref"]["id"] == task_id
        assert again["entity_payload"]["fields"]["status"]["value"] == "Retrieved"
        assert shown_cameras(of_message()[1]) == shown_cameras(first), "the list has no count"
        wait_until(
            lambda: tracked_channels(wire, task_id) == [(channel, ts, True, 0)],
            "the link's last status noted",
            10,
        )
        polls = shared_polls(wire)
        poll_now(wire)  # a later poll of the same state unfurls nothing more
        wait_until(lambda: shared_polls(wire) > polls, "another poll", 30)
        assert len(of_message()) == 2


def poll_now(wire: InProcess) -> None:
    """Bring the app's next poll of its IVC account forward, as a write does."""
    wire.app.loop.call_soon_threadsafe(wire.runtime.worker.poll_soon)


def shared_polls(wire: InProcess) -> float:
    """The polls of the app's own IVC account finished so far."""
    registry = wire.runtime.metrics.registry
    labels = {"account": "shared", "outcome": "ok"}
    return registry.get_sample_value("retrieval_tasks_polls_total", labels) or 0.0
