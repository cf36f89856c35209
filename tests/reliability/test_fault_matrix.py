"""Every simulator fault × {fresh cache, stale cache within the window, no usable cache}, for
both IVC APIs: the ack never waits for IVC (it carries the cached answer or the short
"fetching" note; how long it took is recorded in the results, a figure, not a limit), the user
sees the right message (the cached list; the last good list with a warning and its age; or the
one-line error; for faults that still answer with tasks, those tasks), and the app recovers by
itself once the fault clears.

The apps run with CACHE_TTL_SECONDS=0.5 and CACHE_MAX_STALE_SECONDS=1.5. A cache state is
reached by letting the last good copy age under a failing IVC (``http-500``), watching
``ivc_last_success_age_seconds`` on /metrics (polled, with a deadline), then switching to the
fault under test and asking. A fresh cache is judged only on an ask whose ack came back within
the TTL of the reload that filled it (on a busy machine the cell asks again until one does;
the deadline only bounds that). The two APIs run side by side, each with its own app.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.simulator.faults import Fault
from tests.support.app_fixtures import Reply, Wire, dump, header_text, is_fetching
from tests.support.polling import wait_until
from tests.support.reliability import audited_wire, record_result

TTL = 0.5
MAX_STALE = 1.5
FRESH_DEADLINE = 120.0  # bounds the retries of a fresh-cache cell on a busy machine
HOLD = Fault.HTTP_500  # keeps IVC failing while the cached copy ages
ANSWERING = {Fault.LATENCY, Fault.DATA_NULL, Fault.WRONG_TYPES, Fault.HUGE_LIST}
FAULTS = [f for f in Fault if f is not Fault.NONE]
STATES = ("fresh", "stale", "none")
STALE_MARK = "IVC is not answering ("


def _age(wire: Wire) -> float:
    return wire.ivc_success_age()


def _age_beyond(wire: Wire, seconds: float) -> None:
    """Hold IVC failing until the last good copy is older than ``seconds``."""
    wire.sim.set_fault(HOLD)
    wait_until(lambda: _age(wire) > seconds, f"cache age never passed {seconds} s", 20)
    # a barrier: a forced refresh joins or follows any fetch still running, so once it is
    # answered no fetch started under HOLD can land after the fault changes
    wire.command("pending refresh").answer()


def _ask(wire: Wire, cell: str) -> tuple[dict[str, Any], float, bool]:
    return _result(wire.command("pending"), cell)


def _result(reply: Reply, cell: str) -> tuple[dict[str, Any], float, bool]:
    """The answer (in the ack, else after a "fetching" ack), the ack's seconds, in the ack?"""
    assert reply.status == 200, (cell, reply.status)
    in_ack = reply.answered_in_ack
    if not in_ack:
        assert is_fetching(reply.ack), (cell, reply.ack)
    return reply.answer(timeout=30), reply.elapsed, in_ack


def _ask_fresh(wire: Wire, fault: Fault, cell: str) -> tuple[dict[str, Any], float, bool]:
    """Reload, switch to ``fault`` and ask, until the ack is back within the TTL of the
    reload's start (so the copy was fresh whenever the app looked at it); that ask's result.

    An ask answered in the ack settles it at once; a later ack proves nothing either way."""
    deadline = time.monotonic() + FRESH_DEADLINE
    while True:
        wire.sim.set_fault(Fault.NONE)
        reloading = time.monotonic()  # the copy is fetched after this
        wire.reload()
        wire.sim.set_fault(fault)
        reply = wire.command("pending")
        in_time = time.monotonic() - reloading <= TTL
        if reply.answered_in_ack or in_time:
            return _result(reply, cell)
        reply.answer(timeout=30)  # a fetching ack: let its answer land before the next try
        if time.monotonic() > deadline:
            raise TimeoutError(f"{cell}: no ask came back within the {TTL} s TTL of a reload")


def _expect_tasks(fault: Fault, answer: dict[str, Any], cell: str) -> None:
    """A fault that still answers shows its tasks: none, 100,000, the good ones, or all."""
    shown = dump(answer)
    assert header_text(answer).startswith("Pending tasks"), (cell, answer["text"])
    assert ":x:" not in shown and STALE_MARK not in shown, cell
    if fault is Fault.DATA_NULL:
        assert header_text(answer) == "Pending tasks · 0", cell
    if fault is Fault.HUGE_LIST:
        assert "of 33,33" in answer["text"], (cell, answer["text"])
    if fault is Fault.WRONG_TYPES:
        assert "skipped (malformed)" in shown, cell


def _run_cell(wire: Wire, api: str, fault: Fault, state: str) -> dict[str, Any]:
    cell = f"{api}: {fault.value} / {state} cache"
    if state == "fresh":
        answer, ack, in_ack = _ask_fresh(wire, fault, cell)
        assert in_ack, f"{cell}: a fresh cache answers in the ack"
        assert STALE_MARK not in dump(answer) and ":x:" not in dump(answer), cell
        outcome = "cached list in the ack"
    else:
        wire.sim.set_fault(Fault.NONE)
        wire.reload()
        _age_beyond(wire, TTL if state == "stale" else MAX_STALE)
        wire.sim.set_fault(fault)
        answer, ack, in_ack = _ask(wire, cell)
        assert not in_ack, f"{cell}: a stale cache is not answered in the ack"
        if fault in ANSWERING:
            _expect_tasks(fault, answer, cell)
            outcome = "the fault's tasks"
        elif state == "stale":
            assert header_text(answer).startswith("Pending tasks"), (cell, answer["text"])
            assert STALE_MARK in dump(answer) and " s ago" in dump(answer), cell
            outcome = "stale list with warning and age"
        else:
            line = answer["text"]
            assert line.startswith(":x: ") and "\n" not in line, (cell, line)
            assert len(answer["blocks"]) == 1, cell
            outcome = "one-line error"
    recovered = _recover(wire, cell)
    return {
        "cell": cell,
        "ack_ms": round(ack * 1000, 1),
        "outcome": outcome,
        "recovered_after_s": recovered,
    }


def _recover(wire: Wire, cell: str) -> float:
    """Clear the fault: with no help the app answers fresh data again and is ready."""
    wire.sim.set_fault(Fault.NONE)
    started = time.monotonic()

    def fresh_answer() -> dict[str, Any] | None:
        answer = _ask(wire, cell + " (recovery)")[0]  # an expired cache fetches by itself
        shown = dump(answer)
        return None if STALE_MARK in shown or ":x:" in shown else answer

    answer = wait_until(fresh_answer, f"{cell}: no fresh answer after the fault cleared", 30)
    assert answer is not None
    assert header_text(answer).startswith("Pending tasks"), (cell, answer["text"])
    assert STALE_MARK not in dump(answer) and ":x:" not in dump(answer), cell
    return round(time.monotonic() - started, 2)


def _matrix(tmp_path, api: str) -> list[dict[str, Any]]:
    with audited_wire(
        tmp_path / api,
        IVC_API=api,
        CACHE_TTL_SECONDS=str(TTL),
        CACHE_MAX_STALE_SECONDS=str(MAX_STALE),
        IVC_TIMEOUT_SECONDS="5",
    ) as wire:
        cells = []
        for fault in FAULTS:
            for state in STATES:
                cells.append({"api": api, **_run_cell(wire, api, fault, state)})
        wire.check_all_sent()
        assert wire.get("/healthz").status_code == 200
        return cells


def test_every_fault_in_every_cache_state(tmp_path):
    for api in ("ivc", "cloudapi"):
        (tmp_path / api).mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_matrix, tmp_path, api) for api in ("ivc", "cloudapi")]
        cells = [cell for future in futures for cell in future.result()]
    assert len(cells) == len(FAULTS) * len(STATES) * 2
    acks = sorted(c["ack_ms"] for c in cells)
    record_result(
        "fault_matrix",
        {
            "faults": [f.value for f in FAULTS],
            "states": list(STATES),
            "apis": ["ivc", "cloudapi"],
            "cells": len(cells),
            "max_ack_ms": acks[-1],
            "max_recovery_s": max(c["recovered_after_s"] for c in cells),
            "detail": cells,
        },
    )
