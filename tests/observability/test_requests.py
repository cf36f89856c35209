"""A request's log line is written once its answer is on its way, with the request's ids."""

from __future__ import annotations

import asyncio
import io
import logging

from bot import logs
from bot.observability.requests import Observation, bind_request
from bot.views.blocks import one_section


def test_the_request_line_follows_the_answer_and_keeps_the_request_context() -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()

    async def answer() -> None:
        bind_request(team_id="T0LOG", channel_id="C0LOG", user_id="U0LOG", what="list")
        observation = Observation(None, "list")
        observation.acked(one_section("the answer", "answer"))
        assert "answered_in_ack" not in stream.getvalue(), "not before the answer goes out"
        await asyncio.sleep(0)  # the loop's next turn

    try:
        logs.configure("INFO", "text", stream=stream)
        asyncio.run(answer())
        bind_request(team_id="T0OTHER", channel_id="C0OTHER", user_id="U0OTHER", what="help")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    [line] = stream.getvalue().splitlines()
    assert "INFO bot.requests: command list: answered_in_ack" in line
    assert "team_id=T0LOG" in line and "channel_id=C0LOG" in line and "user_id=U0LOG" in line
    assert "outcome=answered_in_ack" in line and "duration_ms=" in line


def test_without_a_running_loop_the_line_is_written_at_once() -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    try:
        logs.configure("INFO", "text", stream=stream)
        Observation(None, "help").acked(one_section("help", "help"))
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    assert "command help: answered_in_ack" in stream.getvalue()
