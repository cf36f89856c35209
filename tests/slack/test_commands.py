"""Every command and alias of ``/retrieval-tasks`` dispatched in process."""

from __future__ import annotations

import pytest

from tests.support.app_fixtures import (
    buttons,
    context_text,
    dump,
    header_text,
    ids_with_status,
    task_ids,
)
from tests.support.blockkit import assert_no_pings, assert_valid_message

PENDING, RETRIEVING, RETRIEVED = 2, 1, 0


def test_pending_shows_exactly_the_pending_tasks(in_process):
    records = in_process.sim.records()
    pending = ids_with_status(records, PENDING)
    assert 0 < len(pending) <= 20, "the baseline must fit one page of pending tasks"

    reply = in_process.command("pending")
    answer = reply.answer()

    assert_valid_message(answer)
    assert_no_pings(answer)
    shown = task_ids(answer)
    assert len(shown) == len(set(shown))
    assert set(shown) == pending
    count = f"{len(pending):,}"
    assert header_text(answer) == f"Pending tasks · {count}"
    assert context_text(answer, "tasks_range") == f"1–{count} of {count}"
    assert answer["text"].strip()
    assert answer["text"].startswith(f"Pending tasks · {count}")
    assert answer["response_type"] == "ephemeral"


@pytest.mark.parametrize(
    ("text", "status", "title"),
    [
        ("pending", PENDING, "Pending tasks"),
        ("待取回", PENDING, "Pending tasks"),
        ("PENDING", PENDING, "Pending tasks"),
        ("retrieving", RETRIEVING, "Retrieving tasks"),
        ("取回中", RETRIEVING, "Retrieving tasks"),
        ("running", RETRIEVING, "Retrieving tasks"),
        ("retrieved", RETRIEVED, "Retrieved tasks"),
        ("已取回", RETRIEVED, "Retrieved tasks"),
        ("done", RETRIEVED, "Retrieved tasks"),
        ("ready", RETRIEVED, "Retrieved tasks"),
    ],
)
def test_status_filters_and_aliases(in_process, text, status, title):
    records = in_process.sim.records()
    expected = [r["TaskId"] for r in records if r["Status"] == status]

    answer = in_process.ask(text)

    assert header_text(answer) == f"{title} · {len(expected)}"
    shown = task_ids(answer)
    assert shown and set(shown) <= set(expected)
    assert len(shown) == min(20, len(expected))
    if len(expected) <= 20:
        assert set(shown) == set(expected)


@pytest.mark.parametrize("text", ["all", "全部", "", "  "])
def test_all_and_empty_text(in_process, text):
    records = in_process.sim.records()

    answer = in_process.ask(text)

    assert header_text(answer) == f"All tasks · {len(records)}"
    assert context_text(answer, "tasks_range").startswith(f"1–20 of {len(records)}")
    shown = task_ids(answer)
    assert len(shown) == 20 and set(shown) <= {r["TaskId"] for r in records}
    assert set(buttons(answer)) == {"tasks_next", "tasks_refresh"}


def test_show_task_with_channels(in_process):
    record = in_process.sim.records()[5]
    details = in_process.sim.details(record["TaskId"])
    channels = details["Channels"]
    assert channels

    reply = in_process.command(f"show {record['TaskId']}")
    answer = reply.answer()

    assert header_text(answer) == "Task details"
    text = dump(answer)
    assert task_ids(answer) == [record["TaskId"]]
    assert f"*Channels · {len(channels)}*" in text
    for channel in channels:
        assert channel["ChannelName"] in text
    assert in_process.sim.details_requests == 1

    # The details are cached: the same question is now answered in the ack itself.
    again = in_process.command(f"详情 {record['TaskId']}")
    assert again.answered_in_ack
    assert task_ids(again.ack) == [record["TaskId"]]
    assert in_process.sim.details_requests == 1


def test_show_unknown_task_says_so(in_process):
    answer = in_process.ask("show " + "0" * 32)

    assert answer["text"].startswith(":x:")
    assert "check the TaskId" in answer["text"]


def test_search_by_name_and_by_task_id(in_process):
    records = in_process.sim.records()
    word = "cashier"
    expected = {r["TaskId"] for r in records if word in r["TaskName"].casefold()}
    assert expected, "the baseline has a task with this word in its name"

    answer = in_process.ask(f"search {word}")

    assert header_text(answer) == f"Search results · {len(expected)}"
    assert set(task_ids(answer)) == expected
    assert f"Search: “{word}”" in context_text(answer, "tasks_range")

    target = records[7]["TaskId"]
    by_id = in_process.ask(f"搜索 {target[:12]}")
    assert target in task_ids(by_id)


def test_search_without_match(in_process):
    answer = in_process.ask("search no-such-task-xyz")

    assert header_text(answer) == "Search results · 0"
    assert "No tasks match “no-such-task-xyz”." in dump(answer)


def test_summary_counts(in_process):
    records = in_process.sim.records()
    counts = {s: len(ids_with_status(records, s)) for s in (PENDING, RETRIEVING, RETRIEVED)}

    answer = in_process.ask("summary")

    assert header_text(answer) == f"Retrieval tasks summary · {len(records)}"
    fields = {f["text"].split("\n")[0]: f["text"] for f in answer["blocks"][1]["fields"]}
    for name, status in (
        ("Pending", PENDING),
        ("Retrieving", RETRIEVING),
        ("Retrieved", RETRIEVED),
    ):
        [title] = [t for t in fields if name in t]
        assert f"\n{counts[status]} task" in fields[title]
    [total] = [t for t in fields if "Total" in t]
    assert f"\n{len(records)} tasks" in fields[total]


@pytest.mark.parametrize("text", ["help", "帮助", "HELP"])
def test_help(in_process, text):
    reply = in_process.command(text)

    assert reply.answered_in_ack, "help needs no data: it is answered in the ack"
    answer = reply.ack
    assert header_text(answer) == "Retrieval tasks: help"
    usage = dump(answer)
    words = ("`pending` / `待取回`", "`search &lt;text&gt;`", "`summary`", "`refresh`", "`public`")
    for word in words:
        assert word in usage


@pytest.mark.parametrize("text", ["bogus", "pending extra", "show"])
def test_unknown_or_incomplete_command_shows_usage(in_process, text):
    reply = in_process.command(text)

    assert reply.answered_in_ack
    answer = reply.ack
    problem = answer["blocks"][1]["text"]["text"]
    if text == "show":
        assert "needs a TaskId" in problem
    else:
        word = text.split()[-1]
        assert problem == f":warning: Unknown command `{word}`"
        assert answer["text"] == f"Unknown command `{word}`"
    assert "`pending` / `待取回`" in dump(answer), "the usage follows the problem"


def test_refresh_asks_ivc_again(in_process):
    before = in_process.sim.list_requests

    cached = in_process.command("pending")
    assert cached.answered_in_ack
    assert in_process.sim.list_requests == before

    fresh = in_process.command("pending refresh")
    assert not fresh.answered_in_ack
    answer = fresh.answer()
    assert header_text(answer).startswith("Pending tasks")
    assert answer["replace_original"] is True
    assert in_process.sim.list_requests == before + 1

    in_process.ask("刷新 summary")
    assert in_process.sim.list_requests == before + 2


def test_refresh_sees_new_tasks(in_process):
    records = in_process.sim.records()
    in_process.sim.set_tasks(records[:3])

    assert header_text(in_process.ask("all")) == f"All tasks · {len(records)}", "still cached"
    assert header_text(in_process.ask("all refresh")) == "All tasks · 3"


def test_public_from_cache_posts_in_channel(in_process):
    reply = in_process.command("public pending")

    assert reply.answered_in_ack
    assert reply.ack["response_type"] == "in_channel"
    assert header_text(reply.ack).startswith("Pending tasks")


def test_public_with_refresh_posts_in_channel_and_removes_the_note(in_process):
    reply = in_process.command("公开 retrieved refresh")

    assert reply.ack["response_type"] == "ephemeral", "the fetching note is only for the user"
    posted = reply.answer()
    assert posted["response_type"] == "in_channel"
    assert posted.get("replace_original") is False
    assert header_text(posted).startswith("Retrieved tasks")
    removal = reply.wait_response(2)
    assert removal["delete_original"] is True
    assert "blocks" not in removal


def test_private_by_default(in_process):
    for text in ("pending", "summary", "help"):
        assert in_process.command(text).ack["response_type"] == "ephemeral"
