"""pytest hooks for the schema checks: a header line when they are off, a refusal to run under
``CI=true`` without them, and the number of schema-validated payloads at the end (summed over
pytest-xdist's workers, which report theirs as they finish)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import schemas
from tests.support.paths import SCHEMAS

_KEY = "schema_validated"


class _WorkerTotals:
    """On the xdist controller: adds up what each worker validated."""

    def __init__(self) -> None:
        self.total = 0

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        self.total += int(getattr(node, "workeroutput", {}).get(_KEY, 0))


_totals = _WorkerTotals()


def pytest_configure(config: pytest.Config) -> None:
    why = schemas.needed_in_ci()
    if why is not None:
        raise pytest.UsageError(why)
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(_totals, "schema-worker-totals")


def pytest_report_header(config: pytest.Config) -> str | None:
    return schemas.off_line()


def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output[_KEY] = schemas.validated()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    total = _totals.total + schemas.validated()
    where = "schema checks off" if schemas.missing() else f"schemas from {SCHEMAS}"
    terminalreporter.write_line(f"schema-validated payloads: {total:,} ({where})")
