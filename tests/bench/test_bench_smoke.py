"""The benchmark stays runnable: its quick mode of the pure render case writes its keys.

The full ``python -m bench`` (processes, load, minutes) is not run here.
"""

import json
from pathlib import Path

from bench.cli import main


def test_quick_render_case_writes_its_keys(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert main(["--quick", "--cases", "b3", "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    assert {"date", "machine", "b3_render"} <= results.keys()
    assert {"cpu_count", "python", "platform"} <= results["machine"].keys()
    b3 = results["b3_render"]
    assert {"render_median_us", "json_dumps_median_us", "ratio", "target", "met"} <= b3.keys()
    assert b3["render_median_us"] > 0 and b3["json_dumps_median_us"] > 0
    assert isinstance(b3["met"], bool)
