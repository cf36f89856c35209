"""The database out of reach as one typed error: the driver's and the pool's connection
failures (refused, lost, timed out), told apart from a statement the database refused."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

import asyncpg
from sqlalchemy import exc

log = logging.getLogger(__name__)

_UNREACHABLE = (
    exc.OperationalError,  # e.g. SQLite's "unable to open", a server gone away
    exc.InterfaceError,  # e.g. asyncpg's "connection is closed"
    exc.DisconnectionError,  # a pooled connection found dead
    exc.TimeoutError,  # no pooled connection free within the pool's timeout
    asyncpg.PostgresConnectionError,  # the server dropped or refused the connection
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, starting up, cancelled
    asyncpg.exceptions.TooManyConnectionsError,
)
_DRIVERS = ("asyncpg", "sqlalchemy", "aiosqlite", "sqlite3")


class DatabaseUnavailable(Exception):
    """The database could not be reached: the transaction in hand did not commit."""

    def __init__(self, cause: BaseException) -> None:
        # the cause's type only: a driver's message may name the host or the DSN
        super().__init__(f"the database is unreachable ({type(cause).__name__})")
        self.cause = cause


def database_unavailable(error: BaseException) -> DatabaseUnavailable | None:
    """``error`` as ``DatabaseUnavailable`` when it, or what it was raised from, is a failure
    to reach the database; None for anything else (a refused statement, a bug, Slack, IVC)."""
    if isinstance(error, DatabaseUnavailable):
        return error
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _unreachable(current):
            return DatabaseUnavailable(current)
        current = current.__cause__ or current.__context__
    return None


@contextmanager
def logged_if_unreachable(what: str) -> Iterator[None]:
    """Log, rather than raise, a database out of reach within the block: for a write that
    may be missing while what it goes with already happened (``what``: the log line)."""
    try:
        yield
    except Exception as error:
        unavailable = database_unavailable(error)
        if unavailable is None:
            raise
        log.warning("%s: %s", what, unavailable)


def _unreachable(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, _UNREACHABLE):
        return True
    # asyncpg raises the socket's own error when a connection cannot be opened or is cut
    return isinstance(error, OSError) and _raised_in_driver(error.__traceback__)


def _raised_in_driver(trace: TracebackType | None) -> bool:
    """Whether a frame of ``trace`` runs the database driver or SQLAlchemy (an OSError of
    Slack's or IVC's HTTP client is not the database's)."""
    while trace is not None:
        module = str(trace.tb_frame.f_globals.get("__name__", ""))
        if module.split(".", 1)[0] in _DRIVERS:
            return True
        trace = trace.tb_next
    return False
