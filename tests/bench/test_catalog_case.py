"""The camera-catalog case of the benchmark stays runnable and reports figures, not limits."""

import json
from pathlib import Path

from bench.cli import main


def test_the_catalog_case_reports_search_and_load_figures_beside_baselines(
    tmp_path: Path,
) -> None:
    out = tmp_path / "results.json"
    assert main(["--quick", "--cases", "u2", "--out", str(out)]) == 0
    u2 = json.loads(out.read_text())["u2_catalog"]
    assert u2["channels"] == 5_000 and u2["loaded_over_http"] == 5_000
    assert {"build_index", "search_no_match", "load_http_ivc", "load_http_cloudapi"} <= set(
        u2["figures"]
    )
    per_device = u2["figures"]["load_http_cloudapi_per_device"]["calls"]
    paged = u2["figures"]["load_http_cloudapi_paged"]["calls"]
    assert u2["catalog_calls"]["channels"] == 2_000
    assert (u2["catalog_calls"]["per_device"], u2["catalog_calls"]["paged"]) == (per_device, paged)
    assert paged < per_device, "the paged call needs fewer calls for the same catalog"
    for name, figure in u2["figures"].items():
        assert figure["baseline_ms"] > 0, name
        assert "met" not in figure and "target" not in figure, "figures, not limits"
