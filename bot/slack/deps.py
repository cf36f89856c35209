"""What the listeners need from the rest of the app."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.ivc.source import TaskSource
from bot.slack.background import BackgroundTasks


@dataclass(frozen=True, slots=True)
class Deps:
    """The task source, the language of every label, and where background answers run."""

    source: TaskSource
    lang: str = "en"
    background: BackgroundTasks = field(default_factory=BackgroundTasks)
