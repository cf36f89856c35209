"""The benchmark stays runnable: its quick mode of the pure cases writes their keys, and the
same-answer baseline acks exactly the bytes it is given.

The full ``python -m bench`` (processes, load, minutes) is not run here.
"""

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bench.bare_bolt import build_app
from bench.cli import main
from tests.support.app_process import SIGNING_SECRET
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import signed_headers, slash_command_body


def test_quick_render_case_writes_its_keys(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert main(["--quick", "--cases", "b3", "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    assert {"date", "machine", "b3_render"} <= results.keys()
    assert {"cores", "cpu_model", "memory_gib", "python"} <= results["machine"].keys()
    b3 = results["b3_render"]
    assert {"render_median_us", "json_dumps_median_us", "ratio", "target", "met"} <= b3.keys()
    assert b3["render_median_us"] > 0 and b3["json_dumps_median_us"] > 0
    assert isinstance(b3["met"], bool)


def test_the_unit_speed_case_reports_figures_beside_baselines(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert main(["--quick", "--cases", "u1", "--out", str(out)]) == 0
    figures = json.loads(out.read_text())["u1_units"]["figures"]
    assert {"diff_first", "summary_input", "render_first_page", "sim_huge_list"} <= set(figures)
    for name, figure in figures.items():
        assert figure["ms"] > 0 and figure["baseline_ms"] > 0, name
        assert "met" not in figure and "target" not in figure, "figures, not limits"


async def test_the_same_answer_baseline_acks_the_bytes_it_was_given(
    fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_base_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.bot_token)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    answer = (
        '{"text": "Pending tasks \\u00b7 1", "response_type": "ephemeral", "blocks": '
        '[{"type": "section", "block_id": "task_1", "text": {"type": "mrkdwn", "text": "*x*"}}]}'
    )
    app = build_app(process_before_response=True, answer=json.loads(answer))
    body = slash_command_body("pending")
    headers: dict[str, str | Sequence[str]] = {**signed_headers(body, SIGNING_SECRET)}
    response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
    assert (response.status, response.body) == (200, answer)
