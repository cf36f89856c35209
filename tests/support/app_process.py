"""Run ``python -m bot <role>`` as a real subprocess on loopback, for tests through the wire."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.support.paths import ROOT
from tests.support.polling import bound

SIGNING_SECRET = "sign-DISTINCTIVE-secret-5e1f0c"
BOT_TOKEN = "xoxb-DISTINCTIVE-bot-token-91ac"
APP_TOKEN = "xapp-DISTINCTIVE-app-token-77d2"
UNLIMITED = {
    # Apps of tests and benchmarks see every refresh reach IVC, at once after a fault clears,
    # and take any number of commands from one user; the tests of those limits set them.
    "REFRESH_MIN_INTERVAL_SECONDS": "0",
    "IVC_BACKOFF_SECONDS": "0",
    "USER_COMMANDS_PER_WINDOW": "100000",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppProcess:
    """A running app: its base URL, its metrics URL and where its output goes."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    metrics_url: str = ""  # GET /metrics of the private metrics port

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Terminate, then kill if it does not exit within 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def _wait_healthy(app: AppProcess, timeout: float) -> None:
    """Wait until /healthz answers 200; ``bound(timeout)`` is the failure bound."""
    limit = bound(timeout)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"app exited early:\n{app.output()}")
        try:
            if httpx.get(app.base_url + "/healthz", timeout=bound(0.5)).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"app not healthy after {limit:g} s:\n{app.output()}")


@contextmanager
def running_app(
    env: Mapping[str, str], tmp_path: Path, timeout: float = 20, *, role: str = "serve"
) -> Iterator[AppProcess]:
    """Start ``python -m bot <role>`` with ``env`` added to a clean copy of the environment;
    stop it after.

    ``timeout``: how long it takes to start on an idle machine (scaled by ``bound``)."""
    port, metrics_port = free_port(), free_port()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("IVC_", "SLACK_"))}
    full_env.update(
        {
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "METRICS_HOST": "127.0.0.1",
            "METRICS_PORT": str(metrics_port),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
    )
    log_path = tmp_path / f"app-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", role],
            cwd=tmp_path,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    metrics_url = f"http://127.0.0.1:{full_env['METRICS_PORT']}/metrics"
    app = AppProcess(f"http://127.0.0.1:{full_env['PORT']}", process, log_path, metrics_url)
    try:
        _wait_healthy(app, timeout)
        yield app
    finally:
        stop_process(process)


def app_env(
    ivc_base_url: str, slack_api_url: str, ivc_api: str = "ivc", **extra: str
) -> dict[str, str]:
    """The environment of an app in HTTP mode talking to the simulator and the fake Slack.

    ``ivc_api`` (``"ivc"`` or ``"cloudapi"``) is the API it reads tasks from; the simulator
    at ``ivc_base_url`` serves both. The IVC call limits and the per-user limit are
    ``UNLIMITED`` unless ``extra`` sets them.
    """
    from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY

    return {
        "LOG_FORMAT": "text",  # readable in failure output; tests of JSON logs override it
        "IVC_API": ivc_api,
        "IVC_BASE_URL": ivc_base_url,
        "IVC_SECRET_ID": SIM_SECRET_ID,
        "IVC_SECRET_KEY": SIM_SECRET_KEY,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api_url,
        "PYTHONPATH": str(ROOT),
        # classic blocks unless a test asks for the newer ones (BLOCK_KIT="auto"): the
        # answers in the ack the suite checks are the classic ones
        # (see tests/features/tasks/test_tables.py)
        "BLOCK_KIT": "classic",
        **UNLIMITED,
        **extra,
    }
