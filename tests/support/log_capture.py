"""A buffer for ``logs.configure`` to write into, with the root and library loggers put back
after the test (a test that configures logging leaves no handler or level behind)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot import logs


@pytest.fixture
def configured() -> Iterator[io.StringIO]:
    """``logs.configure`` into a buffer at DEBUG; the root and library loggers restored."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in logs.BODY_LOGGERS}
    stream = io.StringIO()
    try:
        yield stream
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)
