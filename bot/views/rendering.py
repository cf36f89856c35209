"""Which Block Kit a message may use: the classic blocks every workspace takes, or the newer
ones (``data_table``, ``data_visualization``, ``alert``) where the workspace accepts them."""

from __future__ import annotations

from enum import StrEnum


class Rendering(StrEnum):
    CLASSIC = "classic"  # sections, fields, buttons, context
    NEWER = "newer"  # data tables, charts and alerts where they help
