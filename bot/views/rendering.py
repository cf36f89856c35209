"""Which Block Kit a message may use: the classic blocks every workspace takes, plus the kinds
of newer block (charts, alerts, data tables) the workspace accepts, each with its own fallback."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Flag
from typing import Any


class Rendering(Flag):
    """The newer kinds a message may hold; declared in the order they are given up on a
    refusal that names no block (charts first, then alerts, then tables)."""

    CLASSIC = 0  # sections, fields, buttons, context
    CHARTS = 1  # data_visualization (else one line per day)
    ALERTS = 2  # alert (else a section or a footer line)
    TABLES = 4  # data_table (else cards, 20 to a page)
    NEWER = CHARTS | ALERTS | TABLES


KIND_OF_BLOCK: dict[str, Rendering] = {
    "data_visualization": Rendering.CHARTS,
    "alert": Rendering.ALERTS,
    "data_table": Rendering.TABLES,
}


def kind_of(block: Any) -> Rendering:
    """The newer kind ``block`` is, or CLASSIC."""
    if not isinstance(block, dict):
        return Rendering.CLASSIC
    return KIND_OF_BLOCK.get(str(block.get("type")), Rendering.CLASSIC)


def kinds_in(blocks: Iterable[Any]) -> Rendering:
    """The newer kinds ``blocks`` hold (``Flag`` arithmetic, which is slow, only for the newer
    blocks: most answers hold none)."""
    found = Rendering.CLASSIC
    for block in blocks:
        if isinstance(block, dict) and block.get("type") in KIND_OF_BLOCK:
            found |= KIND_OF_BLOCK[block["type"]]
    return found
