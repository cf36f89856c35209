"""The profile case of the benchmark (p1) stays runnable: the app and the same-answer baseline
profiled in one process, their time per request summed by part of the stack."""

import json
from pathlib import Path

from bench.cli import main
from bench.profile import OTHER, PARTS


def test_the_profile_case_reports_each_part_for_the_app_and_the_baseline(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert main(["--quick", "--cases", "p1", "--out", str(out)]) == 0
    p1 = json.loads(out.read_text())["p1_profile"]
    assert set(p1["parts"]) == {name for name, _ in PARTS} | {OTHER}
    parts = p1["parts"]
    assert parts["signature check"]["app_us"] > 0 and parts["signature check"]["bare_us"] > 0
    assert parts["answer: parse, select, render"]["app_us"] > 0
    assert parts["answer: parse, select, render"]["bare_us"] == 0, "the baseline renders nothing"
    assert parts["Bolt and slack_sdk"]["bare_us"] > 0, "the baseline's cost is Bolt's"
    total = sum(part["app_us"] for part in parts.values())
    assert abs(total - p1["app_us"]) < 1 and p1["app_us"] > 0 and p1["bare_us"] > 0
