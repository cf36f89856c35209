"""A request's log line is written once its answer is on its way, with the request's ids."""

from __future__ import annotations

import asyncio
import io

from bot import logs
from bot.observability.requests import Observation, bind_request
from bot.views.blocks import one_section


def test_the_request_line_follows_the_answer_and_keeps_the_request_context(
    configured: io.StringIO,
) -> None:
    async def answer() -> None:
        bind_request(team_id="T0LOG", channel_id="C0LOG", user_id="U0LOG", what="list")
        observation = Observation(None, "list")
        observation.acked(one_section("the answer", "answer"))
        assert "answered_in_ack" not in configured.getvalue(), "not before the answer goes out"
        await asyncio.sleep(0)  # the loop's next turn

    logs.configure("INFO", "text", stream=configured)
    asyncio.run(answer())
    bind_request(team_id="T0OTHER", channel_id="C0OTHER", user_id="U0OTHER", what="help")
    [line] = configured.getvalue().splitlines()
    assert "INFO bot.requests: command list: answered_in_ack" in line
    assert "team_id=T0LOG" in line and "channel_id=C0LOG" in line and "user_id=U0LOG" in line
    assert "outcome=answered_in_ack" in line and "duration_ms=" in line


def test_without_a_running_loop_the_line_is_written_at_once(configured: io.StringIO) -> None:
    logs.configure("INFO", "text", stream=configured)
    Observation(None, "help").acked(one_section("help", "help"))
    assert "command help: answered_in_ack" in configured.getvalue()
