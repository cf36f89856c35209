"""Where the answer goes: in the HTTP ack (warm cache) or to response_url (fetch needed);
and stale data shown with a warning when IVC fails."""

from __future__ import annotations

import time

from tests.support.app_fixtures import (
    buttons,
    context_text,
    header_text,
    ids_with_status,
    is_fetching,
    task_ids,
)
from tests.support.polling import bound

# IVC answers after this long: far longer than an ack takes even on a busy machine (a scaled
# failure bound), so an ack back sooner, with nothing at response_url yet, did not wait for
# IVC; how fast the ack is belongs in tests/bench
SLOW_MS = bound(1.5) * 1000


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


def test_slow_ivc_acks_fast_then_answers_at_response_url(in_process):
    in_process.sim.latency_ms = SLOW_MS
    pending = ids_with_status(in_process.sim.records(), 2)
    started = time.monotonic()

    reply = in_process.command("pending refresh")

    assert reply.status == 200
    assert reply.elapsed < SLOW_MS / 1000, "the ack came back before IVC could answer"
    assert is_fetching(reply.ack)
    assert reply.ack["text"] == ":hourglass: Fetching tasks from IVC…"
    assert reply.ack["response_type"] == "ephemeral"
    assert reply.responses() == [], "the ack came back before IVC answered"

    answer = reply.wait_response(1, timeout=20)
    waited = time.monotonic() - started
    assert waited >= SLOW_MS / 1000
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
