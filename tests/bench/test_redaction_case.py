"""The redaction case of the benchmark (u3) stays runnable and reports its figures beside the
one-secret baseline, with the ratio target."""

import json
from pathlib import Path

from bench.cli import main


def test_the_redaction_case_reports_figures_beside_one_secret(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert main(["--quick", "--cases", "u3", "--out", str(out)]) == 0
    u3 = json.loads(out.read_text())["u3_redaction"]
    assert (u3["secrets"], u3["baseline_secrets"], u3["line_bytes"]) == (10_000, 1, 1024)
    assert set(u3["figures"]) == {"redact", "json_line", "text_line"}
    for name, figure in u3["figures"].items():
        assert figure["us"] > 0 and figure["baseline_us"] > 0, name
    assert u3["target"] == "ratio <= 2" and isinstance(u3["met"], bool)
