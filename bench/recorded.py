"""The recorded results files, read together and refused unless every one was measured on the
same ``bot/`` tree from a clean checkout (the stamp ``python -m bench record`` writes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.cli import KEYS
from bench.stamp import ROOT

BENCH = Path("bench/results.json")
SUITE = Path("bench/suite_results.json")
RELIABILITY = Path("tests/reliability/results")
RELIABILITY_RUN = "run"


class Refused(Exception):
    """The files cannot be quoted together: one line saying which and what to run."""


@dataclass(frozen=True)
class Recorded:
    """Every recorded figure: bench cases by key, reliability files by name, the suite run."""

    bench: dict[str, Any]
    reliability: dict[str, dict[str, Any]]
    suite: dict[str, Any]

    def stamps(self) -> dict[str, dict[str, Any] | None]:
        """Each file's (and each bench case's) stamp, by where it is."""
        found: dict[str, dict[str, Any] | None] = {}
        for key, case in self.bench.items():
            if key in KEYS.values():
                found[f"{BENCH}:{key}"] = case.get("recorded")
        for name, figures in self.reliability.items():
            found[f"{RELIABILITY}/{name}.json"] = figures.get("recorded")
        found[str(SUITE)] = self.suite.get("recorded")
        return found

    def stamp(self) -> dict[str, Any]:
        """The one stamp all files share (commits may differ, ``bot/`` may not)."""
        stamps = self.stamps()
        unstamped = sorted(where for where, stamp in stamps.items() if not stamp)
        if unstamped:
            raise Refused(f"not recorded by python -m bench record: {', '.join(unstamped)}")
        unclean = sorted(where for where, stamp in stamps.items() if stamp and not stamp["clean"])
        if unclean:
            raise Refused(f"recorded from a tree with uncommitted changes: {', '.join(unclean)}")
        trees: dict[str, list[str]] = {}
        for where, stamp in stamps.items():
            assert stamp is not None
            trees.setdefault(stamp["bot_tree"], []).append(where)
        if len(trees) > 1:
            detail = "; ".join(f"bot/ {tree[:10]}: {', '.join(w)}" for tree, w in trees.items())
            raise Refused(f"files recorded from different bot/ trees ({detail}); record again")
        newest = max(stamps.values(), key=lambda s: s["date"] if s else "")
        assert newest is not None
        return newest

    def commits(self) -> list[str]:
        """The commits the files were measured at, oldest first."""
        by_date = sorted((s["date"], s["commit"]) for s in self.stamps().values() if s)
        return list(dict.fromkeys(commit for _, commit in by_date))


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise Refused(f"{path.relative_to(ROOT)} is missing: run python -m bench record")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise Refused(
            f"{path.relative_to(ROOT)} is not a recorded file: run python -m bench record"
        )
    return data


def load(root: Path = ROOT) -> Recorded:
    """The results files under ``root``."""
    folder = root / RELIABILITY
    reliability = {path.stem: _read(path) for path in sorted(folder.glob("*.json"))}
    return Recorded(_read(root / BENCH), reliability, _read(root / SUITE))
