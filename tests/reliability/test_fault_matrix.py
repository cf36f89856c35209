"""Every simulator fault × {fresh cache, stale cache within the window, no usable cache}, for
both IVC APIs: the ack never waits for IVC (it carries the cached answer or the short
"fetching" note; how long it took is recorded in the results, a figure, not a limit), the user
sees the right message (the cached list; the last good list with a warning and its age; or the
one-line error; for faults that still answer with tasks, those tasks), and the app recovers by
itself once the fault clears.

Each cache state has an app of its own whose settings make the state a condition that, once
reached, holds however slow the machine is (a window such as "asked within the 0.5 s TTL"
or "between 0.5 s and 1.5 s old" would be missed on a busy machine):

- fresh: CACHE_TTL_SECONDS=3600; the app reloads, then the fault is set and the app asked;
- stale: CACHE_TTL_SECONDS=0.5, CACHE_MAX_STALE_SECONDS=3600; the last good copy ages past
  the TTL under a failing IVC (``http-500``), watched on /metrics
  (``ivc_last_success_age_seconds``), then the fault under test is set and the app asked;
- none: CACHE_TTL_SECONDS=CACHE_MAX_STALE_SECONDS=0.5; the same, past the stale window.

Every deadline is a failure bound (``tests.support.polling.bound``), IVC_TIMEOUT_SECONDS
too: the simulator's answers, the huge list included (built before the first cell), come in
well within it on an idle machine. Per API the three apps run one after the other; the two
APIs run side by side.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.simulator.faults import Fault
from tests.support.app_fixtures import Reply, Wire, dump, header_text, is_fetching
from tests.support.polling import bound, wait_until
from tests.support.reliability import audited_wire, record_result

TTL = 0.5
SETTINGS = {  # the cache settings of each state's app
    "fresh": {"CACHE_TTL_SECONDS": "3600", "CACHE_MAX_STALE_SECONDS": "3600"},
    "stale": {"CACHE_TTL_SECONDS": str(TTL), "CACHE_MAX_STALE_SECONDS": "3600"},
    "none": {"CACHE_TTL_SECONDS": str(TTL), "CACHE_MAX_STALE_SECONDS": str(TTL)},
}
IVC_TIMEOUT = min(bound(5), 120)  # a failure bound (no fault here hangs); 120: the most allowed
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
    wait_until(lambda: _age(wire) > seconds, f"cache age never passed {seconds} s", 5)
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
    return reply.answer(), reply.elapsed, in_ack


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
    wire.sim.set_fault(Fault.NONE)
    wire.reload()
    if state == "fresh":
        wire.sim.set_fault(fault)
        answer, ack, in_ack = _ask(wire, cell)
        assert in_ack, f"{cell}: a fresh cache answers in the ack"
        assert STALE_MARK not in dump(answer) and ":x:" not in dump(answer), cell
        outcome = "cached list in the ack"
    else:
        _age_beyond(wire, TTL)
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

    answer = wait_until(fresh_answer, f"{cell}: no fresh answer after the fault cleared", 10)
    assert answer is not None
    assert header_text(answer).startswith("Pending tasks"), (cell, answer["text"])
    assert STALE_MARK not in dump(answer) and ":x:" not in dump(answer), cell
    return round(time.monotonic() - started, 2)


def _matrix(tmp_path, api: str) -> list[dict[str, Any]]:
    cells = []
    for state in STATES:
        with audited_wire(
            tmp_path / api / state,
            IVC_API=api,
            IVC_TIMEOUT_SECONDS=f"{IVC_TIMEOUT:g}",
            **SETTINGS[state],
        ) as wire:
            wire.sim.huge_list_json()  # built once per simulator, before any app asks for it
            for fault in FAULTS:
                cells.append({"api": api, **_run_cell(wire, api, fault, state)})
            wire.check_all_sent()
            assert wire.get("/healthz").status_code == 200
    return cells


def test_every_fault_in_every_cache_state(tmp_path):
    for api in ("ivc", "cloudapi"):
        for state in STATES:
            (tmp_path / api / state).mkdir(parents=True)
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
            "cache_settings": SETTINGS,
            "cells": len(cells),
            "max_ack_ms": acks[-1],
            "max_recovery_s": max(c["recovered_after_s"] for c in cells),
            "detail": cells,
        },
    )
