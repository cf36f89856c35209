"""With LOG_FORMAT=json every line the app writes (stdout and stderr, the start-up line
included) is one JSON object carrying the request's ids, the command, durations and IVC
RequestIds, and never a credential. The log handler follows ``sys.stderr``, so nothing logs
to a stream closed since logging was configured."""

from __future__ import annotations

import io
import json
import logging
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from bot import logs
from bot.views.state import ACTION_NEXT
from tests.support.app_fixtures import SECRETS, buttons, run_cli, start_wire
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


def test_everything_serve_writes_with_json_logs_is_json_lines(tmp_path):
    with start_wire(tmp_path, LOG_FORMAT="json", LOG_LEVEL="INFO") as wire:
        assert wire.command("pending").answered_in_ack
        assert wire.get("/healthz").status_code == 200
        wire.app.process.send_signal(signal.SIGTERM)
        assert wire.app.process.wait(30) == 0
        output = wire.app.output()  # stdout and stderr, as the process wrote them

    lines = output.splitlines()
    assert lines, "the app wrote nothing"
    for line in lines:
        parsed = json.loads(line)
        assert isinstance(parsed, dict), line
        assert {"ts", "level", "logger", "message"} <= parsed.keys(), line
    messages = [json.loads(line)["message"] for line in lines]
    assert any(m.startswith("serving in HTTP mode") for m in messages), messages
    assert any(m.startswith("shutting down") for m in messages), messages


def test_a_configuration_error_is_one_json_line(tmp_path):
    env = {"LOG_FORMAT": "json", "SLACK_BOT_TOKEN": "xoxb-1", "IVC_SECRET_ID": "id"}
    result = run_cli(["serve"], env, tmp_path)
    assert result.returncode == 2
    [line] = (result.stdout + result.stderr).splitlines()
    record = json.loads(line)
    assert record["level"] == "ERROR" and record["message"].startswith("error: "), record


def test_the_handler_writes_to_the_current_stderr(monkeypatch):
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        logs.configure("INFO", "json", stream=sys.stderr)
        first = io.StringIO()
        monkeypatch.setattr(sys, "stderr", first)
        logging.getLogger("tests.logs").info("one")
        first.close()  # as a test runner closes a captured stream after its test
        second = io.StringIO()
        monkeypatch.setattr(sys, "stderr", second)
        logging.getLogger("tests.logs").info("two")
        assert json.loads(second.getvalue())["message"] == "two"
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_a_secret_learned_at_run_time_is_redacted_from_every_line(configured: io.StringIO):
    """A workspace's IVC SecretKey, stored or typed in Connect IVC."""
    key = "sk-workspace-DISTINCTIVE-learned-key"
    logs.configure("INFO", "text", stream=configured)
    logs.redact_too(key, None, "")
    logging.getLogger("tests.logs").warning("refused with %s", key)
    line = configured.getvalue()
    assert key not in line and logs.REDACTED in line


def test_a_value_logged_before_its_secret_was_learned_is_redacted_after(
    configured: io.StringIO,
) -> None:
    """Short values are redacted once and then looked up: a secret learned since still hides
    a value logged before it was known, in JSON lines value by value."""
    key = "sk-learned-LATER-0123456789"
    logs.configure("INFO", "json", stream=configured)
    log = logging.getLogger("tests.logs")
    log.warning("checked", extra={"secret_key": key})
    assert key in configured.getvalue(), "not a secret yet: shown as it is"
    logs.redact_too(key)
    log.warning("checked", extra={"secret_key": key})
    last = json.loads(configured.getvalue().splitlines()[-1])
    assert last["secret_key"] == logs.REDACTED


def test_a_text_line_hides_a_secret_in_its_message_values_and_traceback(
    configured: io.StringIO,
) -> None:
    """Each part of a text line is redacted: the message, every value and the traceback; the
    time reads as logging's default (``2026-12-06 14:38:11,123``)."""
    secret = "configured-SECRET-value-0123"
    logs.configure("INFO", "text", secrets=[secret], stream=configured)
    try:
        raise RuntimeError(f"failed with {secret}")
    except RuntimeError:
        logging.getLogger("tests.logs").exception(
            "tried %s", secret, extra={"key": f"k={secret}", "n": 3}
        )
    text = configured.getvalue()
    assert secret not in text
    first, *trace = text.splitlines()
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR tests\.logs: tried ", first)
    assert f"tried {logs.REDACTED}" in first and f"key=k={logs.REDACTED}" in first
    assert " n=3" in first
    assert trace[0] == "Traceback (most recent call last):"
    assert trace[-1] == f"RuntimeError: failed with {logs.REDACTED}"
