"""The roles case of the benchmark (b8) stays runnable: quick sizes, a short interval, both
layouts reported with their targets, and its README section rendered from what it wrote.

Figures are reported, never judged here: only their presence and the counts are checked."""

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench import readme
from bench.fleet import recreate_database
from bench.recorded import Recorded
from bench.roles import ROLES, SINGLE, run_b8

WORKSPACES = 20
INTERVAL = 5


@pytest.fixture
def database() -> Iterator[str]:
    """A database of this test's own, dropped after it (b8 drops and creates it per layout)."""
    name = f"bench_b8_test_{os.getpid()}"
    yield name
    asyncio.run(recreate_database(name, create=False))


@pytest.mark.slow
def test_the_roles_case_reports_both_layouts_and_renders(tmp_path: Path, database: str) -> None:
    b8 = run_b8(
        tmp_path, workspaces=WORKSPACES, interval=INTERVAL, min_commands=10, database=database
    )
    assert list(b8["layouts"]) == ["roles", "single"]
    assert set(b8["targets"]) >= {
        "pending_p99",
        "healthz_p99",
        "every_account_polled_within_interval",
    }
    assert all({"target", "value", "met"} <= t.keys() for t in b8["targets"].values())
    assert b8["met"] == all(t["met"] for t in b8["targets"].values())
    for layout in (ROLES, SINGLE):
        figures = b8["layouts"][layout.name]
        assert set(figures["processes"]) == {name for name, _ in layout.processes}
        assert figures["pending"]["sent"] >= 10 and figures["pending"]["count"] > 0
        assert figures["polls"]["accounts_polled"] == WORKSPACES
        assert figures["polls"]["in_window"] > 0
        assert figures["probes"]["healthz"]["count"] > 0
        assert figures["probes"]["metrics"]["count"] > 0
        assert figures["cpu"]["polling_cpu_seconds"] > 0
        assert all(p["cpu_seconds"] >= 0 for p in figures["processes"].values())
        assert figures["postgresql"] is not None
        assert figures["postgresql"]["deltas"]["xact_commit"] > 0
    workers = [b8["layouts"]["roles"]["processes"][n] for n in ROLES.polling]
    assert sum(w["polls"] for w in workers) > 0
    webs = [b8["layouts"]["roles"]["processes"][n] for n in ROLES.answering]
    assert all(w["polls"] == 0 for w in webs), "web processes poll nothing"
    assert set(b8["roles_over_single"]) >= {"pending_p50", "pending_p99"}
    section = readme.b8(_recorded(b8))
    assert "b8 roles" in section and "workspaces" in section and "Sizing" in section


def _recorded(b8: dict[str, Any]) -> Recorded:
    return Recorded({"b8_roles": b8}, {}, {})
