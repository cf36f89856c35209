"""The task list: header, cards, pagination, empty results, footer."""

from datetime import timedelta

import pytest

from bot.commands import parse_command
from bot.features.tasks.task_list import render_list
from bot.ivc.errors import IvcTimeoutError
from bot.ivc.models import TaskStatus
from bot.tasks import StatusFilter
from bot.views.state import (
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REFRESH,
    ViewState,
    decode_compact_state,
    decode_view_state,
)
from bot.views.task_menu import MENU_ACTIONS, Reader
from tests.support.tasks import NOW, START, make_memory, make_snapshot, make_task, make_tasks
from tests.views.helpers import block, blocks_of, buttons, checked, context_text, field_texts

SNAPSHOT = make_snapshot(make_tasks(1_234))


def render(text: str = "", snapshot=SNAPSHOT, **kwargs):
    return checked(render_list(snapshot, parse_command(text), now=NOW, **kwargs))


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("", "All tasks · 1,234"),
        ("pending", "Pending tasks · 411"),
        ("retrieving", "Retrieving tasks · 411"),
        ("retrieved", "Retrieved tasks · 412"),
        ("search task-12", "Search results · 45"),
    ],
)
def test_header_names_the_filter_and_counts(text: str, header: str) -> None:
    message = render(text)
    assert block(message, "tasks_header")["text"]["text"] == header
    assert message.text.startswith(header)


def test_card_fields() -> None:
    task = make_task(
        name="Gate 7",
        status=TaskStatus.RETRIEVING,
        capacity_mb=2048,
        expiration_days=10,
        end=START + timedelta(hours=1),
    )
    message = render(snapshot=make_snapshot([task]))
    fields = field_texts(block(message, "task_1"))
    assert fields == [
        "*Task name*\nGate 7",
        f"*TaskId*\n`{task.task_id}`",
        "*Status*\n:hourglass_flowing_sand: Retrieving",
        "*Time window*\n"
        "<!date^1714464000^{date_short_pretty} {time}|2024-04-30 08:00 UTC> – "
        "<!date^1714467600^{date_short_pretty} {time}|2024-04-30 09:00 UTC>",
        "*Mode*\nFast",
        "*Capacity*\n2.0 GB",
        "*Copy kept*\nkept 10 days",
    ]


def test_unknown_status_and_mode_show_raw_values() -> None:
    message = render(snapshot=make_snapshot([make_task(status=6, mode=3, capacity_mb=0)]))
    fields = field_texts(block(message, "task_1"))
    assert ":grey_question: Status 6" in fields[2]
    assert fields[4].endswith("Mode 3")
    assert fields[5].endswith("0 MB")


def test_cards_follow_display_order() -> None:
    tasks = [
        make_task(task_id="a", name="done", status=TaskStatus.RETRIEVED),
        make_task(task_id="b", name="busy", status=TaskStatus.RETRIEVING),
    ]
    message = render(snapshot=make_snapshot(tasks))
    assert field_texts(block(message, "task_1"))[0].endswith("busy")
    assert field_texts(block(message, "task_2"))[0].endswith("done")


def test_range_line_uses_en_dash_and_thousands_separator() -> None:
    assert context_text(render(), "tasks_range") == "1–20 of 1,234 · page 1 of 62"
    assert context_text(render(page=62), "tasks_range") == "1,221–1,234 of 1,234 · page 62 of 62"


def test_first_page_of_ten_thousand_tasks() -> None:
    message = render(snapshot=make_snapshot(make_tasks(10_000)))
    assert context_text(message, "tasks_range") == "1–20 of 10,000 · page 1 of 500"


def test_first_page_has_next_and_refresh_only() -> None:
    found = buttons(render())
    assert set(found) == {ACTION_NEXT, ACTION_REFRESH}
    assert decode_view_state(found[ACTION_NEXT]["value"]) == ViewState(StatusFilter.ALL, None, 2)
    assert decode_view_state(found[ACTION_REFRESH]["value"]).page == 1


def test_middle_page_has_both_directions() -> None:
    found = buttons(render("pending", page=5))
    assert set(found) == {ACTION_PREVIOUS, ACTION_NEXT, ACTION_REFRESH}
    assert decode_view_state(found[ACTION_PREVIOUS]["value"]).page == 4
    assert decode_view_state(found[ACTION_NEXT]["value"]) == ViewState(
        StatusFilter.PENDING, None, 6
    )
    assert [b["text"]["text"] for b in found.values()] == ["Previous", "Next", "Refresh"]


def test_page_beyond_range_clamps_to_the_last_page() -> None:
    message = render(page=10_000)
    assert context_text(message, "tasks_range").startswith("1,221–1,234")
    assert set(buttons(message)) == {ACTION_PREVIOUS, ACTION_REFRESH}


def test_search_state_round_trips_through_the_buttons() -> None:
    message = render("search task-1")
    state = decode_view_state(buttons(message)[ACTION_NEXT]["value"])
    assert state == ViewState(StatusFilter.ALL, "task-1", 2)
    redrawn = checked(render_list(SNAPSHOT, state, now=NOW))
    assert context_text(redrawn, "tasks_range").startswith("21–40 of")
    assert "Search: “task-1”" in context_text(redrawn, "tasks_range")


def test_page_argument_overrides_the_state_page() -> None:
    message = checked(render_list(SNAPSHOT, ViewState(page=3), page=2, now=NOW))
    assert context_text(message, "tasks_range").startswith("21–40")


@pytest.mark.parametrize("page", [1, 2, 31, 62])
@pytest.mark.parametrize("page_size", [20, 23, 50, 1_000])
def test_never_more_than_50_blocks(page: int, page_size: int) -> None:
    message = render(page=page, page_size=page_size)
    assert len(message.blocks) <= 50
    assert len(blocks_of(message, "section")) <= 23


def test_all_thousand_tasks_reachable_page_by_page() -> None:
    snapshot = make_snapshot(make_tasks(1_000))
    ids = []
    for page in range(1, 51):
        message = render(snapshot=snapshot, page=page)
        ids += [field_texts(s)[1] for s in blocks_of(message, "section")]
    assert len(set(ids)) == 1_000
    assert ACTION_NEXT not in buttons(message)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("pending", "No pending tasks right now. Try `all` to see every task."),
        ("retrieved", "No retrieved tasks right now. Try `all` to see every task."),
        ("", "No retrieval tasks right now."),
        ("search zzz", "No tasks match “zzz”. Try `all` to see every task."),
    ],
)
def test_empty_results_say_so(text: str, line: str) -> None:
    snapshot = make_snapshot([make_task(status=TaskStatus.RETRIEVING)] if text else [])
    message = render(text, snapshot=snapshot)
    assert block(message, "tasks_empty")["text"]["text"] == line
    assert set(buttons(message)) == {ACTION_REFRESH}


def test_footer_shows_the_data_age() -> None:
    assert context_text(render()) == "updated 12 s ago"
    old = make_snapshot([], fetched_at=NOW - timedelta(minutes=3, seconds=5))
    assert context_text(render(snapshot=old)) == "updated 3 min ago"


def test_stale_snapshot_warns_with_the_error() -> None:
    stale = make_snapshot(
        make_tasks(3),
        fetched_at=NOW - timedelta(minutes=4),
        stale=True,
        error=IvcTimeoutError("IVC did not answer within 5 s"),
    )
    assert context_text(render(snapshot=stale)) == (
        ":warning: IVC is not answering (IVC did not answer within 5 s: IVC may be slow or "
        "unreachable; try again, or raise IVC_TIMEOUT_SECONDS); showing data from 4 min ago"
    )


def test_stale_without_error_still_warns() -> None:
    stale = make_snapshot([], stale=True)
    assert context_text(render(snapshot=stale)).startswith(":warning: IVC is not answering (no")


def test_skipped_records_are_mentioned() -> None:
    message = render(snapshot=make_snapshot(make_tasks(2), skipped=3))
    assert context_text(message).endswith("3 records skipped (malformed)")
    assert "skipped" not in context_text(render())


def test_each_cards_menu_carries_the_pages_state_in_its_action_id() -> None:
    message = render("search task-2", reader=Reader(manager=True), page=2)
    menus = [b["accessory"] for b in message.blocks if b.get("accessory")]
    assert menus
    for menu in menus:
        assert MENU_ACTIONS.match(menu["action_id"]) and len(menu["action_id"]) <= 255
        carried = menu["action_id"].split(".", 2)[2]
        assert decode_compact_state(carried) == ViewState(StatusFilter.ALL, "task-2", 2)
    assert len({m["action_id"] for m in menus}) == len(menus), "unique in the message"


def test_a_search_too_long_to_carry_leaves_the_menus_without_state() -> None:
    message = render("search " + "y" * 200, snapshot=make_snapshot([make_task(name="y" * 200)]))
    menus = [b["accessory"] for b in message.blocks if b.get("accessory")]
    assert [m["action_id"] for m in menus] == ["task_menu.task_1"]


def test_a_page_served_again_from_the_same_list_renders_its_footer_anew() -> None:
    """A cache hit reuses the page it rendered from the same list, never the footer's age,
    and never another reader's menus or a copy that has expired since."""
    tasks = [make_task(task_id=f"t{i}", status=TaskStatus.RETRIEVED) for i in range(30)]
    snapshot = make_snapshot(tasks)
    first = render("retrieved", snapshot)
    later = checked(
        render_list(snapshot, parse_command("retrieved"), now=NOW + timedelta(minutes=3))
    )
    assert later.blocks[:-1] == first.blocks[:-1]
    assert later.blocks[-1] != first.blocks[-1], "a fresh age in the footer"

    manager = render("retrieved", snapshot, reader=Reader(manager=True))
    assert manager.blocks[:-1] != first.blocks[:-1], "a manager's menus are their own"

    task = snapshot.tasks[0]
    seen = NOW - timedelta(days=30)
    stored = {task.task_id: make_memory(task.task_id, retrieved_seen_at=seen, status=3)}
    expired = render("retrieved", snapshot, stored=stored)
    assert "play:" in str(first.blocks) and expired.blocks[:-1] != first.blocks[:-1]
