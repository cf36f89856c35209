"""``python -m bot check`` against the simulator and the fake Slack, as a subprocess."""

from __future__ import annotations

import time

import pytest

from tests.support.app_fixtures import SECRETS, run_cli, wire_env


@pytest.fixture
def env(simulator_factory, fake_slack):
    sim = simulator_factory(clock=time.time)
    values = wire_env(sim, fake_slack, SLACK_BOT_TOKEN=fake_slack.bot_token)
    return sim, fake_slack, values


def check(values, tmp_path):
    result = run_cli(["check"], values, tmp_path)
    out = result.stdout + result.stderr
    secrets = {**SECRETS, **{k: v for k, v in values.items() if k in SECRETS}}
    for name, secret in secrets.items():
        assert secret not in out, f"{name} printed by check"
    assert "Traceback" not in out
    return result, result.stdout.splitlines()


def test_all_ok(env, tmp_path):
    sim, fake, values = env

    result, lines = check(values, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[:2] == [
        "ok   configuration",
        "ok   Slack auth.test: team Fake Team as retrieval-tasks (HTTP mode)",
    ]
    assert lines[2].startswith(f"ok   IVC list: 40 tasks from {sim.base_url}")
    assert len(lines) == 3
    assert [c.ok for c in fake.calls("auth.test")] == [True]
    assert sim.sim.list_requests == 1


def test_socket_mode_is_named(env, tmp_path):
    _, fake, values = env
    del values["SLACK_SIGNING_SECRET"]
    values["SLACK_APP_TOKEN"] = fake.app_token

    result, lines = check(values, tmp_path)

    assert result.returncode == 0, result.stdout
    assert "(Socket Mode)" in lines[1]


def test_wrong_ivc_key(env, tmp_path):
    sim, _, values = env
    values["IVC_SECRET_KEY"] = "wrong-DISTINCTIVE-key-0000"

    result, lines = check(values, tmp_path)

    assert result.returncode == 1
    assert lines[:2] == [
        "ok   configuration",
        "ok   Slack auth.test: team Fake Team as retrieval-tasks (HTTP mode)",
    ]
    [ivc] = [line for line in lines if line.startswith("FAIL")]
    assert ivc.startswith("FAIL IVC list: IVC refused the request")
    assert "IVC_SECRET_ID" in ivc and "IVC_SECRET_KEY" in ivc
    assert "wrong-DISTINCTIVE-key-0000" not in result.stdout + result.stderr
    assert sim.sim.list_requests == 1


def test_missing_bot_token(env, tmp_path):
    _, fake, values = env
    del values["SLACK_BOT_TOKEN"]

    result, lines = check(values, tmp_path)

    assert result.returncode == 1
    assert "FAIL Slack settings: SLACK_BOT_TOKEN is not set" in "\n".join(lines)
    assert any(line.startswith("ok   IVC list: 40 tasks") for line in lines)
    assert fake.calls("auth.test") == []


def test_wrong_bot_token(env, tmp_path):
    _, _, values = env
    values["SLACK_BOT_TOKEN"] = "xoxb-not-the-right-one"

    result, lines = check(values, tmp_path)

    assert result.returncode == 1
    assert "FAIL Slack auth.test failed (invalid_auth): check SLACK_BOT_TOKEN" in lines
