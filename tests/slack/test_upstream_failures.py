"""Each IVC failure reaches the user at response_url as one line with a hint (no stale copy:
this app runs with CACHE_MAX_STALE_SECONDS=0)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.app_fixtures import dump, header_text, reset_for_test
from tests.support.in_process import InProcess, start_in_process


@pytest.fixture(scope="module")
def no_stale_wire(tmp_path_factory) -> Iterator[InProcess]:
    with start_in_process(
        tmp_path_factory.mktemp("no-stale"),
        CACHE_TTL_SECONDS="600",
        CACHE_MAX_STALE_SECONDS="0",
        IVC_TIMEOUT_SECONDS="5",
    ) as wire:
        yield wire


@pytest.fixture
def wire(no_stale_wire) -> Iterator[InProcess]:
    with reset_for_test(no_stale_wire) as wire:
        yield wire


TROUBLE = "IVC is having trouble; try again in a minute"
FAULTS = {  # the start of the line, and the hint it ends with
    "http-500": ("IVC answered HTTP 500", TROUBLE),
    "http-502-html": ("a gateway in front of IVC answered HTTP 502 with an HTML page", TROUBLE),
    "code-500": (
        "IVC refused the request: internal error (Code 500, StatusCode 500, RequestId ",
        "try again; if it persists, give the RequestId to Tencent support",
    ),
    "signature-rejected": (
        "IVC refused the request: AuthFailure.SignatureFailure",
        "check IVC_SECRET_ID and IVC_SECRET_KEY, and that this machine's clock is right",
    ),
    "invalid-json": (
        "IVC sent a malformed answer: the body is not valid JSON (RequestId ",
        "this is an upstream problem; try again later or report the RequestId",
    ),
    "drop-connection": (
        "the connection to IVC failed before an answer (",
        "check IVC_BASE_URL and the network path to it",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("text", ["pending refresh", "summary refresh"])
def test_failure_is_one_line_with_a_hint(wire, fault, text):
    what, hint = FAULTS[fault]
    wire.sim.set_fault(fault)

    reply = wire.command(text)
    answer = reply.answer()

    assert wire.sim.list_requests >= 1
    assert answer["replace_original"] is True
    line = answer["text"]
    assert "\n" not in line
    assert line.startswith(f":x: {what}"), line
    assert line.endswith(f": {hint}"), line
    [section] = answer["blocks"]
    assert section["text"]["text"] == line
    for leak in ("Traceback", "Exception", "httpx.", "aiohttp", 'File "'):
        assert leak not in dump(answer)


def test_details_failure_is_one_line(wire):
    task_id = wire.sim.records()[0]["TaskId"]
    wire.sim.set_fault("http-500")

    answer = wire.ask(f"show {task_id}")

    assert answer["text"] == f":x: IVC answered HTTP 500: {TROUBLE}"


def test_button_redraw_failure_is_one_line(wire):
    wire.sim.set_fault("signature-rejected")

    redrawn = wire.press({"action_id": "tasks_refresh", "value": '{"f":"pending","p":1}'})

    assert redrawn["text"].startswith(":x: IVC refused the request")
    assert "IVC_SECRET_ID" in redrawn["text"]


@pytest.mark.parametrize("text", ["pending refresh", "all refresh"])
def test_data_null_is_the_friendly_empty_list(wire, text):
    wire.sim.set_fault("data-null")

    answer = wire.ask(text)

    title = "Pending tasks" if text.startswith("pending") else "All tasks"
    assert header_text(answer) == f"{title} · 0"
    empty = (
        "No pending tasks right now."
        if title == "Pending tasks"
        else "No retrieval tasks right now."
    )
    assert empty in dump(answer)
    assert ":x:" not in dump(answer)
