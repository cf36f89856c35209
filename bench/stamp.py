"""What a recorded figure was measured on: the commit and its ``bot/`` and ``bench/`` trees,
whether the tree was clean apart from results files, when, and the machine."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULT_FILES = (
    "bench/results.json",
    "bench/suite_results.json",
    "tests/reliability/results/",
)
"""Paths written by ``python -m bench record``: changes there do not make the tree unclean."""


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )
    return done.stdout.rstrip("\n") if done.returncode == 0 else ""


def _changed_outside_results() -> list[str]:
    """Paths with uncommitted changes (untracked included), other than results files."""
    changed = []
    for line in _git("status", "--porcelain", "--untracked-files=all").splitlines():
        path = line[3:].split(" -> ")[-1].strip('"')
        if not path.startswith(RESULT_FILES):
            changed.append(path)
    return changed


def _memory_gib() -> float | None:
    meminfo = Path("/proc/meminfo")
    if not meminfo.exists():
        return None
    for line in meminfo.read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def machine() -> dict[str, Any]:
    """The CPU model, cores, memory, Python and platform of this machine."""
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def stamp() -> dict[str, Any]:
    """The stamp written into every results file (and every case of one) as ``recorded``."""
    changed = _changed_outside_results()
    return {
        "commit": _git("rev-parse", "HEAD") or "unknown",
        "bot_tree": _git("rev-parse", "HEAD:bot") or "unknown",
        "bench_tree": _git("rev-parse", "HEAD:bench") or "unknown",
        "clean": not changed,
        "changed": changed[:20],
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
