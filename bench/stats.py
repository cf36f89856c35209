"""Percentiles and the median-of-rounds summaries every figure is reported with."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100), nearest-rank on the sorted values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def spread(values: Sequence[float]) -> list[float]:
    """``[min, max]`` across rounds."""
    return [min(values), max(values)] if values else [math.nan, math.nan]


def rounded(value: float, digits: int = 2) -> float:
    return round(value, digits) if math.isfinite(value) else value


class Rounds:
    """Per-round figures by name; ``median(name)`` and ``spread(name)`` across rounds."""

    def __init__(self) -> None:
        self.values: dict[str, list[float]] = {}

    def add(self, name: str, value: float) -> None:
        self.values.setdefault(name, []).append(value)

    def median(self, name: str) -> float:
        return median(self.values.get(name, []))

    def spread(self, name: str, digits: int = 2) -> list[float]:
        return [rounded(v, digits) for v in spread(self.values.get(name, []))]

    def spreads(self, digits: int = 2) -> dict[str, list[float]]:
        return {name: self.spread(name, digits) for name in self.values}
