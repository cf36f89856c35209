"""What the listeners need from the rest of the app."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ivc.source import TaskSource


@dataclass(frozen=True, slots=True)
class Deps:
    """The task source and the language of every label."""

    source: TaskSource
    lang: str = "en"
