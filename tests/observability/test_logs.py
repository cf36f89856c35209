"""With LOG_FORMAT=json every line the app writes to stderr is one JSON object carrying the
request's ids, the command, durations and IVC RequestIds, and never a credential."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from bot.views import ACTION_NEXT
from tests.support.app_fixtures import SECRETS, buttons, start_wire
from tests.support.simulator import SIM_SECURITY_TOKEN

ALL_SECRETS = {**SECRETS, "IVC_SECURITY_TOKEN": SIM_SECURITY_TOKEN}


@contextmanager
def stderr_to(path: Path) -> Iterator[None]:
    """Start ``python -m bot serve`` with its stderr in ``path`` (stdout stays apart)."""
    real = subprocess.Popen

    def popen(args: list[str], *rest: Any, **kw: Any) -> subprocess.Popen[bytes]:
        with path.open("wb") as err:
            return real(args, *rest, **{**kw, "stderr": err})

    with mock.patch("tests.support.app_process.subprocess.Popen", popen):
        yield


def test_json_lines_carry_context_and_no_secret(tmp_path):
    stderr = tmp_path / "stderr.log"
    with (
        stderr_to(stderr),
        start_wire(
            tmp_path,
            LOG_FORMAT="json",
            LOG_LEVEL="INFO",
            CACHE_TTL_SECONDS="600",
            IVC_SECURITY_TOKEN=SIM_SECURITY_TOKEN,
            sim_kwargs={"security_token": SIM_SECURITY_TOKEN},
        ) as wire,
    ):
        listing = wire.ask("all refresh", team_id="T0LOGS", channel_id="C0LOGS", user_id="U0LOGS")
        assert wire.command(
            "pending", team_id="T0LOGS", channel_id="C0LOGS", user_id="U0LOGS"
        ).answered_in_ack
        wire.press(buttons(listing)[ACTION_NEXT])  # 40 tasks: two pages
        wire.command("subscribe daily 08:00", channel_id="C0LOGSUB").wait_response()
        wire.sim.set_fault("code-500")
        wire.command("all refresh").wait_response()
        wire.sim.set_fault("none")
        wire.app.process.send_signal(signal.SIGTERM)
        assert wire.app.process.wait(30) == 0
        output = wire.app.output()

    text = stderr.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]  # each line one JSON object
    assert lines, "the app logged nothing"
    for line in lines:
        assert {"ts", "level", "logger", "message"} <= line.keys(), line
    answered = [
        line
        for line in lines
        if line.get("outcome") == "answered_in_ack" and line.get("command") == "list"
    ]
    assert answered, [line["message"] for line in lines]
    assert answered[0]["team_id"] == "T0LOGS" and answered[0]["channel_id"] == "C0LOGS"
    assert answered[0]["user_id"] == "U0LOGS"
    assert isinstance(answered[0]["duration_ms"], int | float)
    later = [line for line in lines if line.get("outcome") == "answered_later"]
    assert later and all("duration_ms" in line and "ack_ms" in line for line in later)
    failed = [line for line in lines if line.get("ivc_request_id")]
    assert failed, "an IVC error is logged with its RequestId"
    assert failed[0]["ivc_outcome"] == "api" and failed[0]["level"] == "WARNING"
    clicks = [line for line in lines if line.get("command") == f"button:{ACTION_NEXT}"]
    assert clicks and clicks[-1].get("outcome") == "answered_later", clicks
    assert any(line["message"].startswith("shutting down") for line in lines)
    for name, secret in ALL_SECRETS.items():
        for where, content in (("stderr", text), ("all output", output)):
            assert secret not in content, f"{name} appears in the {where}"
            assert secret[:12] not in content, f"a prefix of {name} appears in the {where}"


def test_text_format_is_one_readable_line(tmp_path):
    stderr = tmp_path / "stderr.log"
    with stderr_to(stderr), start_wire(tmp_path, LOG_FORMAT="text") as wire:
        wire.ask("help", channel_id="C0TEXT")
        wire.app.process.send_signal(signal.SIGTERM)
        assert wire.app.process.wait(30) == 0
    text = stderr.read_text(encoding="utf-8")
    [line] = [x for x in text.splitlines() if "command help: answered_in_ack" in x]
    assert " INFO bot.requests: " in line and "channel_id=C0TEXT" in line
    assert not text.lstrip().startswith("{")
