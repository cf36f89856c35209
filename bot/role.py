"""Which work one process of the app does: everything (``serve``), Slack's answers only
(``web``) or the polls, schedules and deliveries only (``worker``)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A process's role, named as the command that starts it (``python -m bot <role>``)."""

    SERVE = "serve"
    WEB = "web"
    WORKER = "worker"

    @property
    def answers(self) -> bool:
        """It serves ``POST /slack/events`` (or Socket Mode) and App Home."""
        return self is not Role.WORKER

    @property
    def works(self) -> bool:
        """It polls IVC, fires schedules and reminders and delivers the outbox."""
        return self is not Role.WEB
