"""A port already in use (PORT, METRICS_PORT) stops ``serve`` with one line naming the
setting, before anything starts: no traceback."""

import socket

import pytest

from tests.support.app_fixtures import run_cli
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET, free_port


@pytest.mark.parametrize("setting", ["PORT", "METRICS_PORT"])
def test_a_port_in_use_is_one_line_naming_its_setting(setting, tmp_path):
    env = {
        "IVC_SECRET_ID": "id",
        "IVC_SECRET_KEY": "sk-0123456789",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
        "LOG_FORMAT": "text",
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "METRICS_HOST": "127.0.0.1",
        "METRICS_PORT": str(free_port()),
    }
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env[setting] = str(port)
        result = run_cli(["serve"], env, tmp_path, timeout=60)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    [line] = output.splitlines()
    assert setting in line and str(port) in line, line
    if setting == "PORT":
        assert "METRICS_PORT" not in line, line
