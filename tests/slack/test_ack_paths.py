"""Where the answer goes: in the HTTP ack (warm cache) or to response_url (fetch needed);
and stale data shown with a warning when IVC fails."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.app_fixtures import (
    baseline_records,
    buttons,
    context_text,
    header_text,
    ids_with_status,
    is_fetching,
    task_ids,
)
from tests.support.polling import bound, wait_until


class _HeldLists:
    """IVC's task list (either API), held on the simulator's server thread until the test
    calls ``release()``."""

    def __init__(self) -> None:
        self._released = threading.Event()
        self.asked = threading.Event()
        self.answered = threading.Event()

    def hold(self, records: Callable[[], list[Any]]) -> Callable[[], list[Any]]:
        def held() -> list[Any]:
            self.asked.set()
            # a failure bound, shorter than a dispatch's: an ack that waits for IVC comes late
            self._released.wait(bound(5))
            self.answered.set()
            return records()

        return held

    def release(self) -> None:
        self._released.set()


@pytest.fixture
def held_list(in_process, monkeypatch):
    """IVC answers a list only once the test has released it (or the test has ended)."""
    held = _HeldLists()
    monkeypatch.setattr(in_process.sim, "records", held.hold(in_process.sim.records))
    monkeypatch.setattr(
        in_process.sim, "cloudapi_records", held.hold(in_process.sim.cloudapi_records)
    )
    yield held
    held.release()


def test_warm_cache_answers_in_the_ack_without_response_url(in_process):
    pending = ids_with_status(in_process.sim.records(), 2)

    reply = in_process.command("pending")

    assert reply.status == 200
    assert reply.answered_in_ack
    assert set(task_ids(reply.ack)) == pending
    # A later request that does go through response_url is answered; by then the first
    # one's lazy listener has long finished, and it must not have posted anything.
    later = in_process.command("pending refresh")
    later.answer()
    assert reply.responses() == []
    assert in_process.sim.list_requests == 1, "only the refresh reached IVC"


def test_a_slow_ivc_is_acked_before_it_answers_then_answered_at_response_url(in_process, held_list):
    """The ack says "Fetching…" while IVC has not answered; the list comes at response_url."""
    pending = ids_with_status(baseline_records(), 2)

    reply = in_process.command("pending refresh")

    assert reply.status == 200
    assert not held_list.answered.is_set(), "the ack came back before IVC answered"
    assert is_fetching(reply.ack)
    assert reply.ack["text"] == ":hourglass: Fetching tasks from IVC…"
    assert reply.ack["response_type"] == "ephemeral"
    wait_until(held_list.asked.is_set, "the refresh asked IVC", 10)
    assert reply.responses() == [], "nothing at response_url while IVC holds its answer"
    held_list.release()
    answer = reply.wait_response(1, timeout=20)
    assert answer["replace_original"] is True
    assert header_text(answer) == f"Pending tasks · {len(pending)}"
    assert set(task_ids(answer)) == pending
    assert len(reply.responses()) == 1


def test_uncached_show_goes_through_response_url(in_process):
    task_id = in_process.sim.records()[0]["TaskId"]

    reply = in_process.command(f"show {task_id}")

    assert is_fetching(reply.ack)
    answer = reply.answer()
    assert answer["replace_original"] is True
    assert task_ids(answer) == [task_id]


def test_stale_list_after_a_failed_refresh_has_a_visible_warning(in_process):
    pending = ids_with_status(in_process.sim.records(), 2)
    in_process.sim.set_fault("http-500")

    answer = in_process.ask("pending refresh")

    assert in_process.sim.list_requests >= 1
    assert set(task_ids(answer)) == pending, "the last good list is still shown"
    footer = context_text(answer, "tasks_footer")
    assert footer.startswith(":warning: IVC is not answering (IVC answered HTTP 500")
    assert "showing data from" in footer and "s ago" in footer


def test_stale_warning_on_the_refresh_button(in_process):
    first = in_process.ask("all")
    assert not context_text(first, "tasks_footer").startswith(":warning:")
    in_process.sim.set_fault("drop-connection")

    redrawn = in_process.press(buttons(first)["tasks_refresh"])

    assert header_text(redrawn) == header_text(first)
    assert task_ids(redrawn) == task_ids(first)
    footer = context_text(redrawn, "tasks_footer")
    assert footer.startswith(":warning: IVC is not answering")
    assert "connection" in footer


def test_recovers_after_the_fault_clears(in_process):
    in_process.sim.set_fault("code-500")
    stale = in_process.ask("summary refresh")
    assert context_text(stale, "csum_footer").startswith(":warning:")

    in_process.sim.set_fault("none")
    fresh = in_process.ask("summary refresh")

    assert context_text(fresh, "csum_footer").startswith("updated ")
