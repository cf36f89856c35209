"""The ``simulate`` command line: arguments, credentials, and a real process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from bot.simulator import DEMO_SECRET_ID, DEMO_SECRET_KEY, Fault, build_parser
from bot.simulator.cli import credentials_from_env, run_cli
from tests.support.paths import ROOT
from tests.support.simulator import LIST_PATH, signed_headers

RUN = "import sys; from bot.simulator import run_cli; sys.exit(run_cli(sys.argv[1:]))"


def list_headers(url: str, secret_id: str, secret_key: str) -> dict[str, str]:
    """Headers of a list request to the process at ``url``, signed now with this key."""
    host = url.removeprefix("http://")
    return signed_headers(
        "GET", LIST_PATH, host=host, now=time.time(), secret_id=secret_id, secret_key=secret_key
    )


def test_parser_defaults():
    args = build_parser().parse_args([])
    assert (
        args.host,
        args.port,
        args.tasks,
        args.latency_ms,
        args.fault,
        args.pace_seconds,
        args.seed,
    ) == ("127.0.0.1", 8900, 40, 0.0, "none", 120.0, 1)


def test_parser_accepts_every_fault_name():
    for fault in Fault:
        assert build_parser().parse_args(["--fault", fault.value]).fault == fault.value


@pytest.mark.parametrize(
    "argv", [["--fault", "nope"], ["--tasks", "-1"], ["--pace-seconds", "0"], ["--port", "x"]]
)
def test_bad_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        run_cli(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_credentials_from_env():
    assert credentials_from_env({}) == (DEMO_SECRET_ID, DEMO_SECRET_KEY, None, True)
    env = {"IVC_SECRET_ID": "AKIDx", "IVC_SECRET_KEY": "k", "IVC_SECURITY_TOKEN": "t"}
    assert credentials_from_env(env) == ("AKIDx", "k", "t", False)


def test_only_one_credential_is_an_error(capsys):
    assert run_cli(["--port", "0"], env={"IVC_SECRET_ID": "AKIDx"}) == 2
    assert "IVC_SECRET_KEY is not set" in capsys.readouterr().err


def start_process(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    """Start the CLI on a free port; return the process and its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN, "--port", "0", "--tasks", "7", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the server is ready
    match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", line)
    if not match:
        proc.kill()
        pytest.fail(f"unexpected first line {line!r}; stderr: {proc.communicate()[1]}")
    return proc, match[1]


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IVC_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_process_with_demo_credentials(stop):
    proc, url = start_process(base_env())
    try:
        headers = list_headers(url, DEMO_SECRET_ID, DEMO_SECRET_KEY)
        resp = httpx.get(url + LIST_PATH, headers=headers)
        assert resp.status_code == 200 and len(resp.json()["Data"]) == 7
    finally:
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "demo credentials" in err and DEMO_SECRET_ID in err
    assert DEMO_SECRET_KEY not in err + out


def test_process_with_env_credentials_and_fault():
    env = {**base_env(), "IVC_SECRET_ID": "AKIDfromEnv", "IVC_SECRET_KEY": "sk-from-env-SECRET"}
    proc, url = start_process(env, "--fault", "data-null")
    try:
        good = list_headers(url, "AKIDfromEnv", "sk-from-env-SECRET")
        body = httpx.get(url + LIST_PATH, headers=good).json()
        assert body["Code"] == 0 and body["Data"] is None
        demo = list_headers(url, DEMO_SECRET_ID, DEMO_SECRET_KEY)
        assert httpx.get(url + LIST_PATH, headers=demo).status_code == 403
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "demo" not in err
    assert "sk-from-env-SECRET" not in out + err


def test_port_in_use_is_reported(capsys):
    proc, url = start_process(base_env())
    try:
        port = url.rsplit(":", 1)[1]
        assert run_cli(["--port", port], env={}) == 1
        assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
