"""``python -m bot tasks``: table and JSON output, filters, and one-line errors."""

import json
import subprocess
import sys
import time

import pytest

from bot.cli.main import main
from bot.simulator import Fault
from tests.support.paths import ROOT
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY


@pytest.fixture
def ivc_env(monkeypatch, tmp_path, simulator_factory, ivc_api):
    """Environment pointing the CLI (reading ``ivc_api``) at a simulator on the real clock."""
    running = simulator_factory(clock=time.time)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IVC_API", ivc_api)
    monkeypatch.setenv("IVC_BASE_URL", running.base_url)
    monkeypatch.setenv("IVC_SECRET_ID", SIM_SECRET_ID)
    monkeypatch.setenv("IVC_SECRET_KEY", SIM_SECRET_KEY)
    return running


@pytest.mark.parametrize("api_args", [[], ["--api", "ivc"], ["--api", "cloudapi"]])
def test_simulate_prints_a_table_through_python_dash_m(tmp_path, api_args):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "tasks", "all", "--simulate", *api_args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["STATUS", "TASK", "ID"]
    body = [line for line in lines[1:] if line and not line[0].isdigit()]
    assert len(body) >= 10
    assert {line.split()[0] for line in body} == {"pending", "retrieving", "retrieved"}
    assert "tasks · fetched" in lines[-1]


def test_json_output_newest_first(ivc_env, capsys):
    assert main(["tasks", "all", "--json"]) == 0
    tasks = json.loads(capsys.readouterr().out)
    assert [t["TaskId"] for t in tasks] == [
        t["TaskId"] for t in sorted(ivc_env.sim.records(), key=lambda r: -r["StartTime"])
    ]
    assert tasks[0]["StartTime"].endswith("+00:00")


@pytest.mark.parametrize(("word", "status"), [("pending", 2), ("retrieving", 1), ("retrieved", 0)])
def test_filters(ivc_env, capsys, word, status):
    assert main(["tasks", word, "--json"]) == 0
    shown = {t["TaskId"] for t in json.loads(capsys.readouterr().out)}
    assert shown == {r["TaskId"] for r in ivc_env.sim.records() if r["Status"] == status}


def test_table_shows_human_sizes(ivc_env, capsys):
    ivc_env.sim.set_tasks(
        [
            {
                "TaskId": "a" * 32,
                "TaskName": "大仓库-前门",
                "StartTime": 1_700_000_000,
                "EndTime": 1_700_003_600,
                "Mode": 1,
                "Expiration": 7,
                "Status": 2,
                "Capacity": 1536,
            },
        ]
    )
    assert main(["tasks"]) == 0
    out = capsys.readouterr().out
    assert "1.5 GB" in out and "大仓库-前门" in out and "7 d" in out and "pending" in out


def test_wrong_key_prints_one_line_and_fails(ivc_env, monkeypatch, capsys):
    monkeypatch.setenv("IVC_SECRET_KEY", "sk-WRONG-key-0000")
    assert main(["tasks", "all"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: IVC refused the request")
    assert "IVC_SECRET_KEY" in lines[0]
    assert "sk-WRONG-key-0000" not in captured.err


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault.HTTP_502_HTML, "HTML page"),
        (Fault.INVALID_JSON, "not valid JSON"),
        (Fault.DROP_CONNECTION, "failed before an answer"),
    ],
)
def test_upstream_faults_are_one_line(ivc_env, capsys, fault, expected):
    ivc_env.sim.set_fault(fault)
    assert main(["tasks"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and expected in err and "Traceback" not in err


def test_api_flag_overrides_ivc_api(ivc_env, monkeypatch, capsys):
    monkeypatch.setenv("IVC_API", "ivc")
    ivc_env.sim.reset_counters()
    assert main(["tasks", "--json", "--api", "cloudapi"]) == 0
    assert [r.api for r in ivc_env.sim.requests] == ["cloudapi"]
    assert json.loads(capsys.readouterr().out)


def test_bad_api_setting_is_named(ivc_env, monkeypatch, capsys):
    monkeypatch.setenv("IVC_API", "v2")
    assert main(["tasks"]) == 2
    assert capsys.readouterr().err.startswith("error: IVC_API is invalid")


def test_missing_configuration_names_the_variable(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IVC_SECRET_ID", raising=False)
    monkeypatch.delenv("IVC_SECRET_KEY", raising=False)
    assert main(["tasks"]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: IVC_SECRET_ID is not set: add it to the environment or .env (see README)"
    )


def test_simulate_subcommand_serves(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "simulate", "--port", "0", "--tasks", "3"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:")
    finally:
        process.terminate()
        process.wait(10)
